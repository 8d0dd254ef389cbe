#!/usr/bin/env bash
# Bootstraps and runs the CudaImages build, the way Nuke's build.sh does:
#   ./build.sh [targets] [--parameters]      e.g. ./build.sh Plan --cuda 12.4
# A warm start runs the built program directly; it recompiles only when build/ or src/ changed.
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
BUILD_OUTPUT="$TEMP_DIRECTORY/bin"
STAMP="$TEMP_DIRECTORY/build.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: no 'dotnet' on PATH; install the .NET 10 SDK (global.json asks for 10.0.100 or a later 10.0 feature band): https://dot.net/download" >&2
    exit 1
fi

changed_since_last_build() {
    [ ! -f "$STAMP" ] || [ ! -f "$BUILD_OUTPUT/_build.dll" ] && return 0
    [ -n "$(cd "$SCRIPT_DIR" && find build src global.json Directory.Build.props Directory.Packages.props \
        \( -name bin -o -name obj \) -prune -o -newer "$STAMP" -print -quit 2>/dev/null)" ]
}

compile_build_program() {
    if ! (cd "$SCRIPT_DIR" && dotnet --version >/dev/null 2>&1); then
        echo "build.sh: the installed .NET SDK ($(dotnet --version 2>/dev/null || echo none)) does not satisfy global.json (10.0.100, rollForward latestFeature); install the .NET 10 SDK: https://dot.net/download" >&2
        exit 1
    fi
    # Stamped with the time the compile started: a file saved while it ran is newer, and recompiles next time.
    touch "$STAMP.next"
    case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64|arm64) rid=linux-arm64 ;; *) rid= ;; esac
    # Precompiled (ReadyToRun) where the platform is known: a warm start then spends its time working, not compiling.
    if [ -n "$rid" ]; then
        compile=(publish "$BUILD_PROJECT_FILE" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true)
    else
        compile=(build "$BUILD_PROJECT_FILE")
    fi
    # Compiled into a folder of its own, then swapped in: a run still executing the previous program keeps its files.
    rm -rf "$BUILD_OUTPUT.next"
    if ! dotnet "${compile[@]}" --nologo --verbosity quiet -clp:NoSummary -o "$BUILD_OUTPUT.next" >"$TEMP_DIRECTORY/build.log" 2>&1; then
        cat "$TEMP_DIRECTORY/build.log" >&2
        echo "build.sh: compiling the build program failed (log above, also in .nuke/temp/build.log)" >&2
        exit 1
    fi
    rm -rf "$BUILD_OUTPUT".old.*
    if [ -d "$BUILD_OUTPUT" ]; then mv "$BUILD_OUTPUT" "$BUILD_OUTPUT.old.$$"; fi
    mv "$BUILD_OUTPUT.next" "$BUILD_OUTPUT"
    mv "$STAMP.next" "$STAMP"
}

if changed_since_last_build; then
    mkdir -p "$TEMP_DIRECTORY"
    # One compile at a time: a second run waits here, then finds the program fresh instead of racing MSBuild.
    exec 9>"$TEMP_DIRECTORY/build.lock"
    if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
        echo "build.sh: another ./build.sh is compiling the build program; waiting for it" >&2
        flock 9
    fi
    if changed_since_last_build; then
        compile_build_program
    fi
    exec 9>&-
fi

exec dotnet "$BUILD_OUTPUT/_build.dll" "$@"

:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; exec "$SCRIPT_DIR/build.sh" "$@"
@echo off
rem Bootstraps and runs the CudaImages build on Windows (Nuke's build.cmd convention); on Unix it defers to build.sh.
setlocal
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
where dotnet >nul 2>nul || (echo build.cmd: no 'dotnet' on PATH; install the .NET 10 SDK: https://dot.net/download 1>&2 & exit /b 1)
dotnet build "%~dp0build\_build.csproj" --nologo --verbosity quiet -clp:NoSummary -o "%~dp0.nuke\temp\bin" >"%~dp0.nuke\temp\build.log" 2>&1 || (type "%~dp0.nuke\temp\build.log" & exit /b 1)
dotnet "%~dp0.nuke\temp\bin\_build.dll" %*

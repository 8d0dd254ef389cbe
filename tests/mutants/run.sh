#!/usr/bin/env bash
# Breaks the code one line at a time, on purpose, and runs only the tests named to notice; fails when a mutant survives.
#   tests/mutants/run.sh            every mutant
#   tests/mutants/run.sh NAME...    only those (names as listed below)
# Needs what the test suite needs for the named tests: the .NET SDK and a running Docker Engine with debian:12
# and an "nvidia" runtime (see the README's quick start). Every changed file is put back as it was, also on Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# name | file | the exact text the mutant replaces (once) | its replacement | the tests that must fail (dotnet test --filter)
MUTANTS=(
  "smoke-results-drop-image-id|src/Pipeline/Smoke/SmokeResult.cs|    string? ImageId = null)|    [property: System.Text.Json.Serialization.JsonIgnore] string? ImageId = null)|FullyQualifiedName~SmokeReportsTests.Results_file_keeps_the_image_id_each_check_ran_on"
  "smoke-runner-forgets-image-id|src/Pipeline/Smoke/SmokeRunner.cs|cancellationToken)) with { ImageId = id });|cancellationToken)));|FullyQualifiedName~GpuRequestOnTheWireTests.Real_engine_smoke_result_names_the_image_it_checked"
  "gate-trusts-results-without-image-id|src/Pipeline/Publishing/SmokeGate.cs|own.Any(r => r.ImageId is null && r.Reason != NotRunReason.ImageMissing)|own.Any(r => r.ImageId is \"\" && r.Reason != NotRunReason.ImageMissing)|FullyQualifiedName~SmokeGateTests.Results_without_image_ids_are_refused_with_run_smoke_test_again"
  "gate-trusts-stale-image-id|src/Pipeline/Publishing/SmokeGate.cs|r.ImageId is not null && r.ImageId != imageId|r.ImageId is not null && r.ImageId != r.ImageId|FullyQualifiedName~PublisherTests.Real_registry_refuses_an_image_rebuilt_after_its_smoke_run"
  "empty-device-requests|src/Pipeline/Docker/DockerEngine.Containers.cs|DeviceRequests = request.Gpus is { } gpus ? [DeviceRequest(gpus)] : [],|DeviceRequests = [],|FullyQualifiedName~GpuRequestOnTheWireTests.Real_engine_holds_the_gpus_parameter_as_one_gpu_device_request"
  "runtime-not-sent|src/Pipeline/Docker/DockerEngine.Containers.cs|Runtime = request.Runtime ?? \"\",|Runtime = \"\",|FullyQualifiedName~GpuRequestOnTheWireTests.Real_engine_holds_the_runtime_parameter_nvidia"
  "absolute-path-in-input-hash|src/Pipeline/Planning/InputHash.cs|.Append(\"file \").Append(file.Path)|.Append(\"file \").Append(file.SourcePath)|FullyQualifiedName~InputHashTests.Images_that_copy_files_get_the_same_hashes_from_two_checkout_folders"
)

BACKUP=$(mktemp -d)
CURRENT=""
restore() {
  if [ -n "$CURRENT" ]; then
    cp "$BACKUP/current" "$CURRENT"
    CURRENT=""
  fi
}
trap 'restore; rm -rf "$BACKUP"' EXIT
trap 'echo "interrupted; the mutated file is restored" >&2; exit 130' INT TERM

field() { local IFS='|'; read -r -a parts <<<"$1"; printf '%s' "${parts[$2]}"; }

SELECTED=("$@")
wanted() {
  [ ${#SELECTED[@]} -eq 0 ] && return 0
  local w
  for w in "${SELECTED[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

# Replaces the one occurrence of $2 in $1 by $3, literally; refuses when it is not there exactly once.
mutate() {
  local file=$1 old=$2 new=$3 text
  local count; count=$(grep -cF -- "$old" "$file" || true)
  if [ "$count" != 1 ]; then
    echo "mutant does not apply: '$old' occurs $count times in $file; update tests/mutants/run.sh to the code" >&2
    return 1
  fi
  text=$(cat "$file"; printf x)
  text=${text%x}
  printf '%s' "${text/"$old"/"$new"}" >"$file"
}

build() { dotnet build tests/CudaImages.Tests -v q -nologo -clp:ErrorsOnly "$@"; }
run_tests() { dotnet test tests/CudaImages.Tests --no-build --nologo -v q --filter "$1"; }

filters=()
for m in "${MUTANTS[@]}"; do wanted "$(field "$m" 0)" && filters+=("$(field "$m" 4)"); done
[ ${#filters[@]} -gt 0 ] || { echo "no mutant named ${SELECTED[*]}; known: $(for m in "${MUTANTS[@]}"; do printf '%s ' "$(field "$m" 0)"; done)" >&2; exit 2; }

start=$SECONDS
echo "== unmutated: the named tests must pass first"
build
all=$(IFS='|'; echo "${filters[*]}")
if ! run_tests "$all" >"$BACKUP/log" 2>&1; then
  cat "$BACKUP/log"
  echo "the named tests fail without any mutant; fix them first" >&2
  exit 1
fi

survivors=()
for m in "${MUTANTS[@]}"; do
  name=$(field "$m" 0); file=$(field "$m" 1)
  wanted "$name" || continue
  echo "== $name ($file)"
  cp "$file" "$BACKUP/current"
  CURRENT=$file
  mutate "$file" "$(field "$m" 2)" "$(field "$m" 3)"
  if ! build --no-restore >"$BACKUP/log" 2>&1; then
    cat "$BACKUP/log"
    echo "mutant $name does not compile; fix tests/mutants/run.sh" >&2
    exit 1
  fi
  if run_tests "$(field "$m" 4)" >"$BACKUP/log" 2>&1; then
    echo "   SURVIVED: $(field "$m" 4) passed"
    survivors+=("$name")
  else
    echo "   killed by: $(grep -F '[FAIL]' "$BACKUP/log" | sed -E 's/^\[xUnit\.net [^]]*\] +//; s/ \[FAIL\]$//; s/\(.*$//' | sort -u | paste -sd' ' -)"
  fi
  restore
done

echo "== rebuilding the unmutated code"
build --no-restore
echo "$(( ${#filters[@]} - ${#survivors[@]} )) of ${#filters[@]} mutants killed in $(( SECONDS - start )) s"
if [ ${#survivors[@]} -gt 0 ]; then
  echo "survived: ${survivors[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# CPU-only smoke time per image (goal: at most 20 s per image, builds excluded), from SmokeTest's own
# results.json. Builds the CUDA 11.8 Debian 12 chain first if needed (skipped when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."
SELECTION=(--cuda 11.8 --distro debian12 --flavor devel)
./build.sh BuildImages "${SELECTION[@]}" --verbosity quiet
rm -rf artifacts/smoke/work # compile vector_add again: the devel image's nvcc check is part of its time
start=$(date +%s.%N)
./build.sh SmokeTest "${SELECTION[@]}" --verbosity quiet
end=$(date +%s.%N)
python3 - "$start" "$end" <<'PY'
import json, sys
results = json.load(open("artifacts/smoke/results.json"))["results"]
for image in dict.fromkeys(r["image"] for r in results):
    checks = [r for r in results if r["image"] == image]
    seconds = sum(r["seconds"] for r in checks)
    print(f"{image}: {seconds:.1f} s over {len(checks)} checks -> {seconds / 20:.2f}x of the 20 s budget")
print(f"whole SmokeTest run, process start included: {float(sys.argv[2]) - float(sys.argv[1]):.1f} s")
PY

#!/usr/bin/env bash
# What SBOMs add to a run that already measures sizes (goal: under 20 s for the Debian 12 chain of 4 images).
# Runs MeasureSizes alone, then MeasureSizes and Sbom together (which share one docker save), and prints both
# wall times, their difference, and the Sbom target's own time. Builds the chain first if needed (skipped when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."
SELECTION=(--cuda 11.8 --distro debian12)
./build.sh BuildImages "${SELECTION[@]}" --verbosity quiet
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A failed run shows its output and stops the benchmark, instead of set -e ending it silently with the output in $log.
seconds() {
    local start end
    start=$(date +%s.%N)
    if ! "$@" >"$log" 2>&1; then cat "$log" >&2; echo "sbom-benchmark: '$*' failed (output above)" >&2; exit 1; fi
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.1f}')"
}
alone=$(seconds ./build.sh MeasureSizes "${SELECTION[@]}")
together=$(seconds ./build.sh MeasureSizes Sbom "${SELECTION[@]}")
sbom=$(grep -o 'SBOM pairs in [0-9.]* s' "$log" | grep -o '[0-9.]* s' || echo "?")
python3 - "$alone" "$together" "$sbom" <<'PY'
import sys
alone, together, sbom = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print(f"MeasureSizes alone:        {alone:7.1f} s")
print(f"MeasureSizes + Sbom:       {together:7.1f} s")
print(f"added by Sbom (wall):      {together - alone:7.1f} s  (goal: under 20 s; includes the engine's noise between two runs)")
print(f"Sbom target's own time:    {sbom:>9}  (inventory from the shared save, both documents, sboms.json)")
print(f"machine load (1/5/15 min): {open('/proc/loadavg').read().split()[:3]}")
PY

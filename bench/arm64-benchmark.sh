#!/usr/bin/env bash
# arm64 under emulation (qemu through binfmt_misc) against amd64 native, side by side in one run: the Debian 12 base and
# runtime images of CUDA 11.8 built cold (--force) for each platform (the bases, debian:12 and debian:12-arm64, are reused: BootstrapBase first).
# Prints the seconds and the ratio arm64/amd64 per step. Needs a running engine, mmdebstrap, qemu-user-static + binfmt-support
# (./build.sh Doctor --platform linux/amd64,linux/arm64 says what is missing), python3.
# Takes 5-10 minutes; leaves nothing behind (its images live under their own repository and base names, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."

REPO=cudabench-arch
SELECTION=(--cuda 11.8 --distro debian12 --flavor runtime --repository "$REPO" --force --parallelism 1)
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.1f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
remove() { docker images --format '{{.Repository}}:{{.Tag}}' | { grep -E "^$REPO:" || true; } | xargs -r docker rmi -f >/dev/null; }
trap remove EXIT

# Per-image build seconds from build.json, for the chain just built.
image_seconds() { python3 -c '
import json, sys
records = json.load(open("artifacts/build.json"))["images"]
print(" ".join("%s=%ss" % (r["tag"], r["durationSeconds"]) for r in records if r["tag"].startswith("11.8.0-") and r["tag"].endswith(sys.argv[1])))' "$1"; }

remove
t0=$(now); ./build.sh BuildImages "${SELECTION[@]}" --platform linux/amd64 >/tmp/cudabench-arch-amd64.log 2>&1; t1=$(now)
amd=$(seconds "$t0" "$t1"); amd_images=$(image_seconds debian12)
t0=$(now); ./build.sh BuildImages "${SELECTION[@]}" --platform linux/arm64 >/tmp/cudabench-arch-arm64.log 2>&1; t1=$(now)
arm=$(seconds "$t0" "$t1"); arm_images=$(image_seconds debian12-arm64)

echo "base + runtime, cold:  amd64 native ${amd}s  ($amd_images)"
echo "                       arm64 emulated ${arm}s  ($arm_images)"
echo "ratio arm64-emulated / amd64-native: $(ratio "$arm" "$amd")x"

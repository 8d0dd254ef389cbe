#!/usr/bin/env bash
# Lock --check on the Debian 12 chain (goal: under 60 s): apt resolves the four images against the archive in one
# throw-away container. Prints the seconds, the ratio to the goal and the host's load (the resolver is CPU-bound).
# Needs a running Docker Engine with debian:12 in it (./build.sh BootstrapBase --distro debian12) and the archive.
set -euo pipefail
cd "$(dirname "$0")/.."
SELECTION=(--cuda 11.8 --distro debian12)
./build.sh Load --verbosity quiet # compiles the build program first: not part of the time
load_before=$(cut -d' ' -f1 /proc/loadavg)
start=$(date +%s.%N)
rc=0; ./build.sh Lock --check "${SELECTION[@]}" --verbosity quiet || rc=$?
end=$(date +%s.%N)
python3 - "$start" "$end" "$rc" "$load_before" <<'PY'
import os, sys
seconds = float(sys.argv[2]) - float(sys.argv[1])
print(f"Lock --check, Debian 12 chain (4 images): {seconds:.1f} s, {seconds / 60:.2f}x of the 60 s goal; "
      f"exit {sys.argv[3]} (0 current, 1 changed); load average {sys.argv[4]} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
PY

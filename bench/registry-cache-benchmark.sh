#!/usr/bin/env bash
# The registry as the cache (issue 14; goal: at most 0.05x): a CI-like run from an empty engine with the CUDA 11.8
# Debian 12 chain published and current (BuildImages Publish) against building that chain without any cache
# (BuildImages --force). Publishes to a repository of its own on the registry at 127.0.0.1:5000 (.ci/run starts one),
# unsigned. Prints both times, the ratio, and the host's load. About 15-25 minutes, mostly the cold build's downloads.
# Needs a running Docker Engine with debian:12 in it (./build.sh BootstrapBase --distro debian12), the archive, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
SELECTION=(--cuda 11.8 --distro debian12)
registry="localhost:5000/bench-$(date +%s)/cuda"
chain=(11.8.0-pycuda-debian12 11.8.0-devel-debian12 11.8.0-runtime-debian12 11.8.0-base-debian12)
curl -fsS http://127.0.0.1:5000/v2/ >/dev/null || { echo "no registry answers on 127.0.0.1:5000" >&2; exit 1; }
./build.sh Load --verbosity quiet # compiles the build program first: not part of either time

seconds() { local start; start=$(date +%s.%N); "$@" >/dev/null; python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)"; }
empty_engine() {
    for tag in "${chain[@]}"; do
        if docker image inspect "cuda:$tag" >/dev/null 2>&1; then docker rmi "cuda:$tag" >/dev/null; fi
    done
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
build=$(seconds ./build.sh BuildImages "${SELECTION[@]}" --force --verbosity quiet)
# Published once (smoke checks first: Publish pushes only what passed them), then the engine is emptied.
./build.sh SmokeTest Publish "${SELECTION[@]}" --registry "$registry" --verbosity quiet >/dev/null
empty_engine
cached=$(seconds ./build.sh BuildImages Publish "${SELECTION[@]}" --registry "$registry" --verbosity quiet)
# build.json keeps the records of images outside this selection: count the chain's only.
tags=$(printf '%s\n' "${chain[@]}" | jq -R . | jq -cs .)
count() { jq --argjson tags "$tags" --arg status "$1" '[.images[] | select(.tag as $t | $tags | index($t)) | select(.status == $status)] | length' artifacts/build.json; }
built="$(count Built) built, $(count CurrentInRegistry) current in registry"
python3 - "$build" "$cached" "$built" "$load_before" <<'PY'
import os, sys
build, cached = float(sys.argv[1]), float(sys.argv[2])
print(f"Debian 12 chain (4 images): BuildImages --force {build:.1f} s; from an empty engine with the chain current in the registry, "
      f"BuildImages Publish {cached:.1f} s ({sys.argv[3]}): {cached / build:.3f}x (goal <= 0.05x); "
      f"load average {sys.argv[4]} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
PY

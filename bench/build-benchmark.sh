#!/usr/bin/env bash
# BuildImages against a plain sequential `docker build` loop over the same generated Dockerfiles,
# side by side in one run, on the Debian base+runtime images of CUDA 11.8 (debian12) and 12.4.1 (debian13).
# Prints ratios (goals from the build issue): cold build <= 0.7x, no-op rebuild <= 0.5x,
# single-image overhead <= 5 %, runtime size <= 1.02x of base + installed packages.
# Needs a running Docker Engine, debian:12 and debian:13 in it (./build.sh BootstrapBase), python3.
# Takes 10-15 minutes: every cold build downloads the CUDA packages again.
set -euo pipefail
cd "$(dirname "$0")/.."

SELECTION=(--cuda 11.8 12.4 --distro debian12 debian13 --flavor runtime)
PIPE=cudabench-pipeline
LOOP=cudabench-loop
export DOCKER_BUILDKIT=0

now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.1f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
remove() { docker images --format '{{.Repository}}:{{.Tag}}' | { grep -E "^($PIPE|$LOOP):" || true; } | xargs -r docker rmi -f >/dev/null; docker image prune -f >/dev/null; }

./build.sh Generate "${SELECTION[@]}" --repository "$LOOP" --verbosity quiet
# Plan order, with each image's parent (or base image): the loop builds exactly what BuildImages builds.
mapfile -t ORDER < <(python3 -c '
import json
plan = json.load(open("artifacts/plan.json"))
for i in plan["images"]:
    print(i["tag"], (plan["repository"] + ":" + i["parent"]) if i.get("parent") else i["baseImage"])')

loop() {
    for line in "${ORDER[@]}"; do
        read -r tag parent <<<"$line"
        docker build -q --build-arg PARENT_IMAGE="$parent" -t "$LOOP:$tag" "artifacts/images/$tag" >/dev/null
    done
}
pipeline() { ./build.sh BuildImages "${SELECTION[@]}" --repository "$PIPE" --parallelism 2 "$@" >/tmp/cudabench-pipeline.log 2>&1; }

echo "images: ${#ORDER[@]} (${ORDER[*]%% *})"

remove; t0=$(now); loop; t1=$(now); cold_loop=$(seconds "$t0" "$t1")
remove; t0=$(now); pipeline; t1=$(now); cold_pipe=$(seconds "$t0" "$t1")
echo "cold build:     docker build loop ${cold_loop}s, BuildImages ${cold_pipe}s -> ratio $(ratio "$cold_pipe" "$cold_loop") (goal <= 0.7)"

loop # the loop's images exist again: its next run is a fully cached no-op
t0=$(now); loop; t1=$(now); noop_loop=$(seconds "$t0" "$t1")
t0=$(now); pipeline; t1=$(now); noop_pipe=$(seconds "$t0" "$t1")
echo "no-op rebuild:  cached docker build loop ${noop_loop}s, BuildImages ${noop_pipe}s -> ratio $(ratio "$noop_pipe" "$noop_loop") (goal <= 0.5)"

read -r first_tag first_parent <<<"${ORDER[0]}"
remove; t0=$(now); docker build -q --build-arg PARENT_IMAGE="$first_parent" -t "$LOOP:$first_tag" "artifacts/images/$first_tag" >/dev/null; t1=$(now); one_loop=$(seconds "$t0" "$t1")
remove; t0=$(now); ./build.sh BuildImages --image "$first_tag" --repository "$PIPE" >/tmp/cudabench-single.log 2>&1; t1=$(now); one_pipe=$(seconds "$t0" "$t1")
echo "single image ($first_tag): docker build ${one_loop}s, BuildImages ${one_pipe}s -> overhead $(python3 -c "print(f'{($one_pipe / $one_loop - 1) * 100:+.1f} %')") (goal <= 5 %)"

pipeline # runtime images for the size check
for line in "${ORDER[@]}"; do
    read -r tag _ <<<"$line"
    [[ "$tag" == *-runtime-* ]] || continue
    base="$PIPE:${tag/-runtime-/-base-}"
    python3 - "$PIPE:$tag" "$base" <<'PY'
import json, subprocess, sys
runtime, base = sys.argv[1], sys.argv[2]
size = lambda ref: int(subprocess.check_output(["docker", "image", "inspect", "-f", "{{.Size}}", ref]))
def packages(ref):
    out = subprocess.check_output(["docker", "run", "--rm", "--network", "none", ref,
        "dpkg-query", "-W", "-f", "${Package} ${Installed-Size}\n"], text=True)
    return {p: int(k or 0) for p, _, k in (line.partition(" ") for line in out.splitlines())}
added = {p: k for p, k in packages(runtime).items() if p not in packages(base)}
expected = size(base) + sum(added.values()) * 1024
print(f"size {runtime}: {size(runtime)/1e6:.0f} MB vs base {size(base)/1e6:.0f} MB + {len(added)} packages "
      f"{sum(added.values())*1024/1e6:.0f} MB -> ratio {size(runtime)/expected:.3f} (goal <= 1.02)")
PY
done
remove

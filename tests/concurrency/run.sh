#!/usr/bin/env bash
# Two ./build.sh runs at once in one checkout must both succeed and leave a whole artifacts/plan.json:
#   ROUNDS (default 20) rounds of `./build.sh Plan` and `./build.sh Generate` side by side, then
#   RECOMPILE_ROUNDS (default 3) rounds of two `./build.sh Plan` right after a file under build/ changed,
#   so that both want to recompile the build program.
# --quick (what CI runs): the 20 side-by-side rounds, but 1 recompile round, since each recompile costs most of the time.
# Prints one line per round and a tally; exits 1 if any run failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

default_recompile_rounds=3
case "${1:-}" in
    --quick) default_recompile_rounds=1 ;;
    "") ;;
    *) echo "usage: $0 [--quick]   (ROUNDS and RECOMPILE_ROUNDS in the environment override the counts)" >&2; exit 2 ;;
esac
rounds=${ROUNDS:-20}
recompile_rounds=${RECOMPILE_ROUNDS:-$default_recompile_rounds}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=0
started=$(date +%s)

plan_is_whole() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["schemaVersion"] and d["images"] else 1)' artifacts/plan.json
    else
        grep -q '"schemaVersion"' artifacts/plan.json && [ "$(tail -c 2 artifacts/plan.json)" = "}" ]
    fi
}

# Runs "$1" and "$2" (each a target list, split on spaces) at once; both must exit 0 and plan.json must parse.
pair() {
    local label=$1 first=$2 second=$3 a b status_a=0 status_b=0
    # shellcheck disable=SC2086
    ./build.sh $first --verbosity minimal >"$logs/a.log" 2>&1 & a=$!
    # shellcheck disable=SC2086
    ./build.sh $second --verbosity minimal >"$logs/b.log" 2>&1 & b=$!
    wait "$a" || status_a=$?
    wait "$b" || status_b=$?
    if [ "$status_a" -eq 0 ] && [ "$status_b" -eq 0 ] && plan_is_whole; then
        echo "$label: ok"
    else
        failed=$((failed + 1))
        echo "$label: FAILED ($first exit $status_a, $second exit $status_b)"
        tail -20 "$logs/a.log" "$logs/b.log"
    fi
}

./build.sh Plan --verbosity quiet >/dev/null # compile once up front: the first rounds race the runs, not the compiler
for round in $(seq 1 "$rounds"); do
    pair "round $round: Plan + Generate" Plan Generate
done
side_by_side=$(( $(date +%s) - started ))
for round in $(seq 1 "$recompile_rounds"); do
    touch build/Build.cs
    pair "recompile round $round: Plan + Plan" Plan Plan
done

leftovers=$(find artifacts -name '*.tmp' -o -name '*.old' | head -5)
if [ -n "$leftovers" ]; then
    failed=$((failed + 1))
    echo "temporary files left behind:"; echo "$leftovers"
fi

echo "concurrency: $((rounds + recompile_rounds)) rounds, $failed failed, $(( $(date +%s) - started ))s (side by side ${side_by_side}s, recompiles $(( $(date +%s) - started - side_by_side ))s)"
[ "$failed" -eq 0 ]

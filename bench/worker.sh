#!/usr/bin/env bash
# The worker's benchmark (issue 15): what the sandboxed workers cost in a run, a re-run and a batch.
# Builds the release grader, warms a cache (the kit, the plugins of one student), then times these
# commands in alternating rounds (benchlib.py interleave: ABC, CBA, ...), so that other work on a
# shared machine weighs on all of them alike:
#   1. `grader list`: the grader's start-up
#   2. the worker programs alone, without a request: `grader-worker` (no Foundation) and
#      `grader __worker` (the grader's hidden worker mode): exec, dynamic loading, exit
#   3. `grader run` on a folder without the exercise's file: start-up, kit check, the plan (cases,
#      reference outputs), no worker; fc-backward and activation-backward
#   4. re-runs with the plugin cached: fc-backward (1 graded class), activation-backward (2)
#   5. `grader batch` of one student, every plugin cached: 3 exercises, 5 graded classes
# 4 and 5 run twice: with GRADER_RESULT_CACHE=0, so that the workers run (what this measures), and
# with the result cache, which replays the stored reports and runs no worker at all;
# and prints medians, the workers' share of each re-run (re-run without the result cache minus the
# run without the file),
# and, with BASE set, the same commands of another grader (e.g. main's build) timed in the same
# rounds, with the ratios this / BASE.
#
# usage: bench/worker.sh
# Environment (defaults in brackets):
#   BENCH_RUNS [15]   rounds, after one warm-up
#   BASE []           another grader binary to compare with (its own cache is warmed the same way)
#   GRADER []         the grader to measure (default: this checkout's `swift build -c release`)
#   BENCH_KEEP [0]    1 keeps the scratch directory
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
RUNS="${BENCH_RUNS:-15}"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
LIB="$here/benchlib.py"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -z "${GRADER:-}" ]; then
    log "swift build -c release"
    swift build -c release >/tmp/bench-worker-build.$$.log 2>&1 || { cat /tmp/bench-worker-build.$$.log >&2; die "build failed"; }
    rm -f /tmp/bench-worker-build.$$.log
    GRADER="$root/.build/release/grader"
fi
[ -x "$GRADER" ] || die "no grader at $GRADER"
BASE="${BASE:-}"
[ -z "$BASE" ] || [ -x "$BASE" ] || die "no grader at BASE=$BASE"

WORK="$(mktemp -d /tmp/bpg-bench-worker.XXXXXX)"
# The sandboxed worker runs as an unprivileged user and must read the kit and the plugins.
chmod 755 "$WORK"
cleanup() { if [ "${BENCH_KEEP:-0}" = 1 ]; then log "scratch kept in $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# One student (alice's three files) and a folder without any of the files.
mkdir -p "$WORK/class/alice" "$WORK/empty"
cp Examples/submissions/alice/*.swift "$WORK/class/alice/"
chmod -R a+rX "$WORK/class" "$WORK/empty"
STUDENT="$WORK/class/alice"

specs=()
sides=(new)
[ -n "$BASE" ] && sides+=(base)
for side in "${sides[@]}"; do
    grader="$GRADER"
    [ "$side" = base ] && grader="$BASE"
    cache="$WORK/cache-$side"
    mkdir -p "$cache"
    chmod 755 "$cache"
    log "$side: warming $cache (the kit, the student's plugins)"
    for exercise in fc-backward activation-backward loss-backward; do
        GRADER_CACHE_DIR="$cache" "$grader" run --exercise "$exercise" --submission "$STUDENT" --format json \
            >"$WORK/warm-$side-$exercise.json" 2>"$WORK/warm-$side.err" || { cat "$WORK/warm-$side.err" >&2; die "$side: grader run failed"; }
    done
    GRADER_CACHE_DIR="$cache" "$grader" batch "$WORK/class" --out "$WORK/out-$side" >/dev/null 2>&1 || die "$side: batch failed"
    env="GRADER_CACHE_DIR=$cache GRADER_RESULT_CACHE=0"
    replay="GRADER_CACHE_DIR=$cache GRADER_RESULT_CACHE=1"
    worker="$(dirname "$grader")/grader-worker"
    specs+=("$side list::::::$env $grader list")
    if [ -x "$worker" ]; then specs+=("$side grader-worker alone::::::$worker __worker 3</dev/null 4>/dev/null; true"); fi
    specs+=("$side grader __worker alone::::::$grader __worker 3</dev/null 4>/dev/null; true")
    for exercise in fc-backward activation-backward; do
        specs+=("$side no file $exercise::::::$env $grader run --exercise $exercise --submission $WORK/empty --format json")
        specs+=("$side re-run $exercise::::::$env $grader run --exercise $exercise --submission $STUDENT --format json")
        specs+=("$side re-run $exercise, result cache::::::$replay $grader run --exercise $exercise --submission $STUDENT --format json")
    done
    specs+=("$side batch of one student:::rm -rf $WORK/batch-$side:::$env $grader batch $WORK/class --out $WORK/batch-$side")
    specs+=("$side batch of one student, result cache:::rm -rf $WORK/batch-$side:::$replay $grader batch $WORK/class --out $WORK/batch-$side")
done

log "timing ${#specs[@]} commands in $RUNS alternating rounds (after 1 warm-up); load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" "$LIB" interleave "$RUNS" 1 "$WORK/times.json" "${specs[@]}"

"$PY" - "$WORK/times.json" "$BASE" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
base = sys.argv[2]
median = {r["command"]: (None if r["failed"] else r["median"]) for r in data["results"]}
def ms(value, name=None):
    if name is not None and name not in median:
        return "-"
    return "failed" if value is None else "%.1f ms" % (value * 1000)
names = []
for r in data["results"]:
    name = r["command"].split(" ", 1)[1]
    if name not in names:
        names.append(name)
print("| what | this grader |%s" % (" base | this / base |" if base else ""))
print("|---|---|%s" % ("---|---|" if base else ""))
for name in names:
    new, old = median.get("new " + name), median.get("base " + name)
    row = "| %s | %s |" % (name, ms(new, "new " + name))
    if base:
        ratio = "%.2f" % (new / old) if new and old else "-"
        row += " %s | %s |" % (ms(old, "base " + name), ratio)
    print(row)
print()
for side in ["new"] + (["base"] if base else []):
    for exercise, classes in [("fc-backward", 1), ("activation-backward", 2)]:
        rerun, empty = median.get("%s re-run %s" % (side, exercise)), median.get("%s no file %s" % (side, exercise))
        if rerun and empty:
            print("%s: workers' share of a re-run of %s (%d graded class%s): %.1f ms (re-run without the result cache minus no file)"
                  % ("this grader" if side == "new" else "base", exercise, classes, "" if classes == 1 else "es",
                     (rerun - empty) * 1000))
loads = data.get("load", [])
if loads:
    print("\n1-minute load during the rounds: %.2f-%.2f\n" % (min(loads), max(loads)))
EOF

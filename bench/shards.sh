#!/usr/bin/env bash
# The sharding benchmark (issue 13). Builds the release grader, then measures:
#   1. the per-shard overhead: a shard of an empty class with a warm cache (start-up: configuration,
#      kit and self-check found in the cache, class listed, manifest written), and with an empty
#      cache (the kit built: what a node pays without a shared GRADER_CACHE_DIR)
#   2. four shards starting at once on one empty shared cache vs on four empty caches of their own
#   3. one class of BENCH_STUDENTS students graded as 1, 2 and 4 shards started at once on this
#      machine (2 cores: --jobs 2 for one shard, 1 each for more), against one plain batch
#   4. grader merge of that class, and of a synthetic class of 10,000 students in 50 shards
#   5. from those numbers: what 10,000 students would cost on 50 nodes like this machine
# Prints the tables and appends them to bench/RESULTS.md with the date, the machine and the commit.
# Timed commands alternate in rounds (benchlib.py interleave) so that other work on a shared machine
# weighs on every side alike.
#
# usage: bench/shards.sh
#
# Environment knobs (defaults in brackets): BENCH_ROUNDS [3] rounds of the shard runs and cold kits,
# BENCH_RUNS [10] runs of the quick pieces, BENCH_STUDENTS [60], BENCH_BIG [10000] students and
# BENCH_NODES [50] nodes of the estimate, BENCH_MAX_WAIT [300] s to wait for a 1-minute load below
# BENCH_MAX_LOAD [1.0], BENCH_RESULTS [bench/RESULTS.md], BENCH_KEEP [0] keeps the scratch folder.
set -euo pipefail
case "${1:-}" in
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    "") ;;
    *) echo "bench/shards.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
ROUNDS="${BENCH_ROUNDS:-3}"
RUNS="${BENCH_RUNS:-10}"
STUDENTS="${BENCH_STUDENTS:-60}"
BIG="${BENCH_BIG:-10000}"
NODES="${BENCH_NODES:-50}"
MAX_WAIT="${BENCH_MAX_WAIT:-300}"
MAX_LOAD="${BENCH_MAX_LOAD:-1.0}"
RESULTS="${BENCH_RESULTS:-$here/RESULTS.md}"

log() { printf '[shards %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
    log "installing $* with apt-get"
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
PY=python3
LIB="$here/benchlib.py"
SLIB="$here/shardlib.py"
lib() { "$PY" "$LIB" "$@"; }
slib() { "$PY" "$SLIB" "$@"; }
fmt_s() { [ "$1" = failed ] && { echo failed; return; }; awk -v v="$1" 'BEGIN { if (v < 1) printf "%.0f ms", v * 1000; else printf "%.2f s", v }'; }

log "swift build -c release"
swift build -c release >/tmp/shards-build.$$.log 2>&1 || { cat /tmp/shards-build.$$.log >&2; die "build failed"; }
rm -f /tmp/shards-build.$$.log
GRADER="$root/.build/release/grader"

waited=0
while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN { exit !(l >= m) }' && [ "$waited" -lt "$MAX_WAIT" ]; do
    [ $((waited % 60)) = 0 ] && log "load average $(cut -d' ' -f1 /proc/loadavg) >= $MAX_LOAD: waiting (up to $MAX_WAIT s)"
    sleep 10
    waited=$((waited + 10))
done
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

WORK="$(mktemp -d /tmp/bpg-shards.XXXXXX)"
chmod 755 "$WORK" # the sandboxed compiler and workers read the caches as other ids
trap '[ "${BENCH_KEEP:-0}" = 1 ] && log "scratch kept in $WORK" || rm -rf "$WORK"' EXIT
PIECES="$WORK/pieces.tsv"
NOTES="$WORK/notes.txt"
: >"$PIECES"
: >"$NOTES"
piece() { local IFS=$'\t'; echo "$*" >>"$PIECES"; }
note() { echo "$*" >>"$NOTES"; }
hf() { # hf NAME [hyperfine options...] COMMAND -> the median in seconds
    local name=$1
    shift
    if hyperfine --style basic --export-json "$WORK/$name.json" "$@" >>"$WORK/hyperfine.log" 2>&1; then
        lib median "$WORK/$name.json"
    else
        tail -5 "$WORK/hyperfine.log" >&2
        echo failed
    fi
}

# ---------------------------------------------------------------- 1. per-shard overhead
mkdir -p "$WORK/empty"
log "1: warming a cache (kit, module cache, the references' self-check)"
GRADER_CACHE_DIR="$WORK/warm" "$GRADER" batch "$WORK/empty" --out "$WORK/o-warm" --shard 0/4 >/dev/null 2>&1
KIT="$(find "$WORK/warm/kits" -mindepth 1 -maxdepth 1 -type d ! -name '*-module-cache' ! -name '*.staging-*' | sed -n 1p)"
[ -f "$KIT/libExerciseKit.so" ] || die "no kit in $WORK/warm/kits"
log "1: a shard of an empty class, warm cache ($RUNS runs) and empty cache ($ROUNDS runs)"
startup=$(hf startup --warmup 2 --runs "$RUNS" \
    "GRADER_CACHE_DIR=$WORK/warm $GRADER batch $WORK/empty --out $WORK/o-startup --shard 0/4")
kit=$(hf cold-kit --runs "$ROUNDS" --prepare "rm -rf $WORK/cold" \
    "GRADER_CACHE_DIR=$WORK/cold $GRADER batch $WORK/empty --out $WORK/o-cold --shard 0/4")
piece "a shard's start-up, warm cache (grader process, configuration, kit and self-check found, class listed, manifest written)" "$(fmt_s "$startup")"
piece "a shard's start-up, empty cache (+ ExerciseKit and its module cache built, the three references compiled)" "$(fmt_s "$kit")"

# ---------------------------------------------------------------- 2. four shards at once, shared or not
cat >"$WORK/four-empty.sh" <<EOF
#!/bin/sh
# four-empty.sh shared|private: four shards of an empty class at once
pids=""
for k in 0 1 2 3; do
    if [ "\$1" = shared ]; then cache=$WORK/c4; else cache=$WORK/c4-\$k; fi
    GRADER_CACHE_DIR=\$cache $GRADER batch $WORK/empty --out $WORK/o-four --shard \$k/4 >/dev/null 2>&1 &
    pids="\$pids \$!"
done
status=0
for pid in \$pids; do wait \$pid || status=1; done
exit \$status
EOF
chmod +x "$WORK/four-empty.sh"
log "2: four shards starting at once on one empty shared cache vs four empty caches ($ROUNDS rounds)"
lib interleave "$ROUNDS" 0 "$WORK/four.json" \
    "shared:::rm -rf $WORK/c4 $WORK/c4-*:::$WORK/four-empty.sh shared" \
    "private:::rm -rf $WORK/c4 $WORK/c4-*:::$WORK/four-empty.sh private"
four_shared=$(lib median "$WORK/four.json" shared)
four_private=$(lib median "$WORK/four.json" private)
piece "4 shards starting at once, one empty shared cache (one builds the kit, three wait on its lock)" "$(fmt_s "$four_shared")"
piece "4 shards starting at once, 4 empty caches of their own (4 kit builds on 2 cores)" "$(fmt_s "$four_private")"

# ---------------------------------------------------------------- 3. one class in 1, 2, 4 shards
S="$WORK/students"
lib students "$STUDENTS" "$S" "shards-$$"
cat >"$WORK/shards.sh" <<EOF
#!/bin/sh
# shards.sh N: the class in N shards started at once, each with --jobs max(1, 2/N)
n=\$1
jobs=\$((2 / n))
[ "\$jobs" -ge 1 ] || jobs=1
pids=""
k=0
while [ \$k -lt \$n ]; do
    GRADER_CACHE_DIR=$WORK/c-class $GRADER batch $S --out $WORK/out-\$n --shard \$k/\$n --jobs \$jobs >$WORK/shard-\$n-\$k.log 2>&1 &
    pids="\$pids \$!"
    k=\$((k + 1))
done
status=0
for pid in \$pids; do wait \$pid || status=1; done
exit \$status
EOF
chmod +x "$WORK/shards.sh"
# The kit and its module cache stay (a clang module cache is bound to its path: it cannot be copied);
# the plugins go, so that every round compiles every student.
GRADER_CACHE_DIR="$WORK/c-class" "$GRADER" batch "$WORK/empty" --out "$WORK/o-class" >/dev/null 2>&1
reset() { echo "rm -rf $WORK/c-class/plugins $WORK/c-class/work $WORK/out-*"; }
log "3: $STUDENTS students as one batch and as 1, 2, 4 shards at once, no plugin cached, warm kit ($ROUNDS rounds)"
lib interleave "$ROUNDS" 0 "$WORK/class.json" \
    "batch:::$(reset):::GRADER_CACHE_DIR=$WORK/c-class $GRADER batch $S --out $WORK/out-batch --jobs 2" \
    "1:::$(reset):::$WORK/shards.sh 1" \
    "2:::$(reset):::$WORK/shards.sh 2" \
    "4:::$(reset):::$WORK/shards.sh 4"
declare -A WALL
for n in batch 1 2 4; do WALL[$n]=$(lib median "$WORK/class.json" "$n"); done
"$PY" -c 'import json,sys; sys.exit(any(r["failed"] for r in json.load(open(sys.argv[1]))["results"]))' "$WORK/class.json" ||
    die "a run of the class failed (BENCH_KEEP=1 keeps $WORK/shard-*.log)"
note "Class of $STUDENTS: 1-minute load $(lib loads "$WORK/class.json") during the rounds; times (s): $("$PY" -c 'import json,sys; print("; ".join("%s %s" % (r["command"], " ".join("%.1f" % t for t in r["times"])) for r in json.load(open(sys.argv[1]))["results"]))' "$WORK/class.json")."

# ---------------------------------------------------------------- 4. merge
log "4: grader merge of the 4-shard class ($RUNS runs), and of $BIG synthetic students in $NODES shards"
merge_small=$(hf merge-small --warmup 1 --runs "$RUNS" "$GRADER merge $WORK/out-4")
# The rounds' resets removed the plain batch's output: one more plain batch (plugins cached now).
GRADER_CACHE_DIR="$WORK/c-class" "$GRADER" batch "$S" --out "$WORK/out-check" --jobs 2 >/dev/null 2>&1 ||
    die "the check batch failed"
same=identical
for file in grades.csv summary.json; do cmp -s "$WORK/out-4/$file" "$WORK/out-check/$file" || same=DIFFERENT; done
note "The merged 4-shard class's grades.csv and summary.json vs the plain batch's: $same."
slib synth "$WORK/out-4" "$WORK/big" "$BIG" "$NODES"
merge_big=$(hf merge-big --warmup 1 --runs "$ROUNDS" "$GRADER merge $WORK/big")
big_rss=$(/usr/bin/time -f '%M' "$GRADER" merge "$WORK/big" 2>&1 >/dev/null | tail -n 1)
read -r largest smallest < <(slib sizes "$BIG" "$NODES")

{
    echo "| shards at once | --jobs each | wall time (median of $ROUNDS) | vs one batch |"
    echo "|---|---|---|---|"
    echo "| — (plain \`grader batch\`) | 2 | $(fmt_s "${WALL[batch]}") | 1.00 |"
    for n in 1 2 4; do
        jobs=$((2 / n))
        [ "$jobs" -ge 1 ] || jobs=1
        echo "| $n | $jobs | $(fmt_s "${WALL[$n]}") | $(awk -v a="${WALL[$n]}" -v b="${WALL[batch]}" 'BEGIN { printf "%.2f", a / b }') |"
    done
} >"$WORK/class.md"
piece "grader merge of the $STUDENTS-student class from 4 shards" "$(fmt_s "$merge_small")"
piece "grader merge of $BIG synthetic students × 3 exercises from $NODES shards (median of $ROUNDS; max RSS $((big_rss / 1024)) MB)" "$(fmt_s "$merge_big")"

# ---------------------------------------------------------------- 5. the estimate
per_student=$(awk -v t="${WALL[1]}" -v s="$startup" -v n="$STUDENTS" 'BEGIN { print (t - s) / n }')
slib estimate students="$BIG" nodes="$NODES" per_student="$per_student" startup="$startup" kit="$kit" \
    largest="$largest" merge="$merge_big" stagger=1 >"$WORK/estimate.md"
note "Estimate inputs: per-student time $(awk -v p="$per_student" 'BEGIN { printf "%.3f", p }') s on one 2-core node at --jobs 2 (the 1-shard run minus its start-up, / $STUDENTS); start-up $(fmt_s "$startup"); kit $(fmt_s "$kit"); merge of $BIG $(fmt_s "$merge_big"); shards of $BIG over $NODES: $smallest to $largest students; one array task started a second (slurm notes, this one-node controller), as a pessimistic pace."

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git status --porcelain 2>/dev/null | awk '!/^\?\?/ { n++ } END { print n + 0 }')"
{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — commit $commit (shards)"
    echo
    echo "- \`bench/shards.sh\`; commit \`$(git rev-parse HEAD 2>/dev/null || echo unknown)\`, $dirty modified tracked files"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $(swiftc --version 2>&1 | sed -n 1p); $(hyperfine --version)"
    echo "- load average: $load_start at start (after waiting $waited s), $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo
    echo "One class of $STUDENTS students (bench/benchlib.py students), no plugin cached and a warm kit in each round:"
    echo
    cat "$WORK/class.md"
    echo
    echo "| piece | time |"
    echo "|---|---|"
    while IFS=$'\t' read -r what value; do echo "| $what | $value |"; done <"$PIECES"
    echo
    echo "$BIG students on $NODES nodes like this one (2 cores, --jobs 2, one shard a node), from the numbers above:"
    echo
    cat "$WORK/estimate.md"
    echo
    echo "Notes:"
    echo
    while IFS= read -r line; do echo "- $line"; done <"$NOTES"
} >"$WORK/section.md"
cat "$WORK/section.md" >>"$RESULTS"
cat "$WORK/section.md"
log "appended to $RESULTS"

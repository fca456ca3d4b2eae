#!/usr/bin/env bash
# The grader's benchmark (issues 6 and 15; the goal column is issue 15's). Builds the release grader, then measures against baselines:
#   1. a cold `grader run` of a new submission vs a bare `swiftc -emit-library` of the same file
#   2. a re-run of the same submission (plugin cached) vs the cold run
#   3. a batch of 60 distinct students: --jobs 2 vs --jobs 1, and vs bare swiftc spread over two cores
#   4. the grader vs the conventional `swift test` package (cold: from scratch; warm: files swapped)
#   5. peak memory (max RSS) of `grader run`, of the grader process itself and of its workers
#   6. a batch of 1,000 distinct students with --jobs 2: wall time and peak memory (skipped by --quick)
# Prints a table and appends it to bench/RESULTS.md with the date, the machine and the git commit.
# Compared commands are timed in alternating rounds (benchlib.py interleave: ABC, CBA, ...) so that
# other work on a shared machine weighs on both sides of a ratio alike; pieces use hyperfine.
#
# usage: bench/run.sh [--quick]
#
# Public tools only: the Swift toolchain, Debian's python3, /usr/bin/time and hyperfine (installed
# with apt-get when missing). Environment knobs (defaults in brackets):
#   BENCH_RUNS [10]            rounds per single-submission comparison, runs per piece (after 1 warm-up)
#   BENCH_BATCH_RUNS [3]       rounds of the 60-student batches and bare-compile floors
#   BENCH_SWIFTTEST_COLD [3]   `swift test` from scratch, one student each
#   BENCH_SWIFTTEST_WARM [5]   `swift test` on a built package, the next student's files swapped in
#   BENCH_BIG [1000]           students in measurement 6
#   BENCH_MAX_WAIT [600]       seconds to wait for a 1-minute load average below BENCH_MAX_LOAD [1.0]
#   BENCH_STUDENTS [60]        students in measurement 3 (the goals are set for 60)
#   BENCH_RESULTS [bench/RESULTS.md]   the file the section is appended to
#   BENCH_KEEP [0]             1 keeps the scratch directory (logs, JSON exports, reports)
set -euo pipefail

quick=0
for argument in "$@"; do
    case "$argument" in
        --quick) quick=1 ;;
        -h | --help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench/run.sh: unknown argument '$argument' (try --help)" >&2; exit 64 ;;
    esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

RUNS="${BENCH_RUNS:-10}"
BATCH_RUNS="${BENCH_BATCH_RUNS:-3}"
ST_COLD="${BENCH_SWIFTTEST_COLD:-3}"
ST_WARM="${BENCH_SWIFTTEST_WARM:-5}"
BIG="${BENCH_BIG:-1000}"
MAX_WAIT="${BENCH_MAX_WAIT:-600}"
MAX_LOAD="${BENCH_MAX_LOAD:-1.0}"
STUDENTS="${BENCH_STUDENTS:-60}"
RESULTS="${BENCH_RESULTS:-$here/RESULTS.md}"
FULL_MARKS=30

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- tools
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
    log "installing $* with apt-get"
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else command -v python3 >/dev/null || apt_install python3; PY=python3; fi
LIB="$here/benchlib.py"
lib() { "$PY" "$LIB" "$@"; }
SWIFTC="${SWIFTC:-$(command -v swiftc || true)}"
[ -n "$SWIFTC" ] || die "no swiftc on PATH"

# ---------------------------------------------------------------- build
log "swift build -c release"
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if swift build -c release >"/tmp/bench-build.$$.log" 2>&1; then break; fi
    if grep -q "modified during the build" "/tmp/bench-build.$$.log" && [ "$attempt" -lt 10 ]; then
        log "a source changed during the build (someone is editing); retrying in 60 s"
        sleep 60
        continue
    fi
    cat "/tmp/bench-build.$$.log" >&2
    rm -f "/tmp/bench-build.$$.log"
    die "swift build -c release failed"
done
rm -f "/tmp/bench-build.$$.log"
GRADER="$root/.build/release/grader"
[ -x "$GRADER" ] || die "no $GRADER after the build"

# ---------------------------------------------------------------- a quiet machine
load1() { cut -d' ' -f1 /proc/loadavg; }
waited=0
while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l >= m) }' && [ "$waited" -lt "$MAX_WAIT" ]; do
    [ $((waited % 60)) = 0 ] && log "load average $(load1) >= $MAX_LOAD: waiting (up to $MAX_WAIT s)"
    sleep 10
    waited=$((waited + 10))
done
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
log "load average at start: $load_start (waited $waited s)"

WORK="$(mktemp -d /tmp/bpg-bench.XXXXXX)"
# mktemp makes 0700 directories, but the sandboxed worker runs as an unprivileged user and must
# read the kit and the plugins in the cache: every cache directory is made world-traversable.
chmod 755 "$WORK"
sampler_pid=""
cleanup() {
    [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "scratch kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
ROWS="$WORK/rows.tsv"
PIECES="$WORK/pieces.tsv"
NOTES="$WORK/notes.txt"
: >"$ROWS"
: >"$PIECES"
: >"$NOTES"

# ---------------------------------------------------------------- helpers
# fmt_s SECONDS -> "1.23 s"; ratio A B -> A/B
fmt_s() { [ "$1" = failed ] && { echo failed; return; }; awk -v v="$1" 'BEGIN { if (v < 0.1) printf "%.1f ms", v * 1000; else if (v < 1) printf "%.0f ms", v * 1000; else printf "%.2f s", v }'; }
fmt_mb() { [ -z "$1" ] || [ "$1" = failed ] && { echo "n/a"; return; }; awk -v v="$1" 'BEGIN { printf "%.0f MB", v / 1024 }'; }
ratio() { if [ "$1" = failed ] || [ "$2" = failed ]; then echo failed; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; fi; }
# met RATIO OP LIMIT -> yes/no
met() { [ "$1" = failed ] && { echo no; return; }; awk -v r="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? (r <= l) : (r >= l); print ok ? "yes" : "no" }'; }
faster() { [ "$1" = failed ] && { echo failed; return; }; awk -v r="$1" 'BEGIN { if (r < 1) printf "%.2f (%.1fx faster)", r, 1 / r; else printf "%.2f", r }'; }
row() { local IFS=$'\t'; echo "$*" >>"$ROWS"; }
piece() { local IFS=$'\t'; echo "$*" >>"$PIECES"; }
note() { echo "$*" >>"$NOTES"; }

# hf NAME [hyperfine options...] COMMAND -> prints the median in seconds, or "failed"
hf() {
    local name="$1"
    shift
    if hyperfine --style basic --export-json "$WORK/$name.json" "$@" >>"$WORK/hyperfine.log" 2>&1; then
        lib median "$WORK/$name.json"
    else
        log "hyperfine $name failed (see the log in BENCH_KEEP=1 mode)"
        tail -5 "$WORK/hyperfine.log" >&2
        echo failed
    fi
}

# fresh_cache -> a new GRADER_CACHE_DIR holding a copy of the warm kit
fresh_cache() {
    local dir
    dir="$(mktemp -d "$WORK/cache.XXXXXX")"
    chmod 755 "$dir"
    mkdir -p "$dir/kits"
    cp -a "$KIT" "$dir/kits/"
    echo "$dir"
}

# ---------------------------------------------------------------- the warm kit
log "building the kit once in the bench cache"
kit_start=$(date +%s.%N)
GRADER_CACHE_DIR="$WORK/kitcache" "$GRADER" run --exercise fc-backward --submission Examples/submissions/alice \
    --format json >"$WORK/kit-run.json" 2>"$WORK/kit-run.err" || { cat "$WORK/kit-run.err" >&2; die "grader run failed"; }
kit_seconds=$(awk -v s="$kit_start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
KIT="$(find "$WORK/kitcache/kits" -mindepth 1 -maxdepth 1 -type d ! -name '.*' ! -name '*-module-cache' ! -name '*.staging-*' | sed -n 1p)"
[ -f "$KIT/libExerciseKit.so" ] || die "no kit in $WORK/kitcache/kits"
piece "first grader run with an empty cache (builds the kit: ExerciseKit -O -wmo + BPGPluginSupport)" "$(fmt_s "$kit_seconds")"

sanity() { # sanity JSON -> "score/maxScore" (a correct submission: anything else is flagged)
    local result
    result=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%g/%g" % (r["score"], r["maxScore"]))' "$1" 2>/dev/null || echo "unreadable")
    if [ "${result%/*}" != "${result#*/}" ]; then
        log "WARNING: a correct submission scored $result ($1): the grader measured is not grading correctly"
        result="$result (WARNING: expected full marks)"
    fi
    echo "$result"
}
note "Sanity: alice's fc-backward scored $(sanity "$WORK/kit-run.json") in the kit-building run."

# ---------------------------------------------------------------- 1 and 2: one submission
# The cold run, the bare compile and the re-run are timed in alternating rounds (benchlib.py
# interleave), so that other work on the machine weighs on all three alike.
CACHE1="$(fresh_cache)"
declare -A EX_FILE=([fc-backward]=FullyConnected.swift [activation-backward]=Activations.swift [loss-backward]=Losses.swift)
declare -A COLD BARE
letters=(a b c)
rerun_rows=()
index=0
for exercise in fc-backward activation-backward loss-backward; do
    file="${EX_FILE[$exercise]}"
    base="$root/Examples/submissions/alice/$file"
    letter="${letters[$index]}"
    index=$((index + 1))
    sub="$WORK/one/$exercise"
    bare_sub="$WORK/bare-one/$exercise"
    rerun_sub="$WORK/rerun/$exercise"
    mkdir -p "$sub" "$bare_sub" "$rerun_sub"
    lib unique "$base" "$rerun_sub/$file"
    log "1/2: $exercise: cold grader run, bare swiftc, re-run of a cached one ($RUNS rounds after 1 warm-up)"
    lib interleave "$RUNS" 1 "$WORK/single-$exercise.json" \
        "cold:::$PY $LIB unique $base $sub/$file:::GRADER_CACHE_DIR=$CACHE1 $GRADER run --exercise $exercise --submission $sub --format json" \
        "bare:::$PY $LIB unique $base $bare_sub/$file:::$SWIFTC -emit-library -parse-as-library -I $KIT -L $KIT -lExerciseKit $bare_sub/$file -o $WORK/bare-one.so" \
        "rerun::::::GRADER_CACHE_DIR=$CACHE1 $GRADER run --exercise $exercise --submission $rerun_sub --format json" \
        "regrade::::::GRADER_RESULT_CACHE=0 GRADER_CACHE_DIR=$CACHE1 $GRADER run --exercise $exercise --submission $rerun_sub --format json"
    COLD[$exercise]=$(lib median "$WORK/single-$exercise.json" cold)
    BARE[$exercise]=$(lib median "$WORK/single-$exercise.json" bare)
    rerun=$(lib median "$WORK/single-$exercise.json" rerun)
    regrade=$(lib median "$WORK/single-$exercise.json" regrade)
    note "Single runs, $exercise: 1-minute load $(lib loads "$WORK/single-$exercise.json") during the rounds."
    GRADER_CACHE_DIR="$CACHE1" "$GRADER" run --exercise "$exercise" --submission "$sub" --format json \
        >"$WORK/check-$exercise.json" 2>/dev/null || true
    note "Sanity: alice's $exercise (with a unique comment) scored $(sanity "$WORK/check-$exercise.json")."
    r=$(ratio "${COLD[$exercise]}" "${BARE[$exercise]}")
    row "1$letter" "cold \`grader run\` $exercise, new submission (warm kit)" "$(fmt_s "${COLD[$exercise]}")" \
        "bare swiftc of $file: $(fmt_s "${BARE[$exercise]}")" "$(faster "$r")" "≤ 1.0" "$(met "$r" '<=' 1.0)"
    r2=$(ratio "$rerun" "${COLD[$exercise]}")
    rerun_rows+=("2$letter"$'\t'"re-run of the same submission ($exercise, result cached)"$'\t'"$(fmt_s "$rerun")"$'\t'"cold run: $(fmt_s "${COLD[$exercise]}")"$'\t'"$(faster "$r2")"$'\t'"≤ 0.05"$'\t'"$(met "$r2" '<=' 0.05)")
    r3=$(ratio "$regrade" "${COLD[$exercise]}")
    rerun_rows+=("2$letter'"$'\t'"… graded again, GRADER_RESULT_CACHE=0 (plugin cached, workers run)"$'\t'"$(fmt_s "$regrade")"$'\t'"cold run: $(fmt_s "${COLD[$exercise]}")"$'\t'"$(faster "$r3")"$'\t'""$'\t'"")
    if [ "$exercise" = fc-backward ]; then RERUN_FC="$rerun"; fi
done
printf '%s\n' "${rerun_rows[@]}" >>"$ROWS"

# ---------------------------------------------------------------- pieces of a single run
log "pieces: swiftc --version, grader list, bare swiftc with the grader's flags"
p_version=$(hf piece-swiftc-version --warmup 2 --runs "$RUNS" "$SWIFTC --version")
p_list=$(hf piece-grader-list --warmup 2 --runs "$RUNS" "$GRADER list")
fc_sub="$WORK/one/fc-backward"
p_flags=$(hf piece-grader-flags --warmup 1 --runs "$RUNS" \
    --prepare "$PY $LIB unique $root/Examples/submissions/alice/FullyConnected.swift $fc_sub/FullyConnected.swift" \
    "$SWIFTC -Onone -gline-tables-only -parse-as-library -swift-version 5 -emit-library -module-name Submission -I $KIT -L $KIT -lExerciseKit -lBPGPluginSupport -Xlinker -rpath=$KIT $fc_sub/FullyConnected.swift -o $WORK/bare-flags.so")
"$PY" "$LIB" unique "$root/Examples/submissions/alice/FullyConnected.swift" "$fc_sub/FullyConnected.swift"
GRADER_CACHE_DIR="$CACHE1" "$GRADER" run --exercise fc-backward --submission "$fc_sub" --format json >"$WORK/cold-report.json" 2>/dev/null || true
timings=$("$PY" -c 'import json,sys; t=json.load(open(sys.argv[1]))["timings"]; print("%.2f s\t%.2f s\t%.2f s" % (t["compileSeconds"], t["runSeconds"], t["totalSeconds"]))' "$WORK/cold-report.json" 2>/dev/null || printf 'n/a\tn/a\tn/a')
piece "\`swiftc --version\` (driver start-up)" "$(fmt_s "$p_version")"
piece "\`grader list\` (grader process start, configuration)" "$(fmt_s "$p_list")"
piece "bare swiftc of FullyConnected.swift (the brief's command)" "$(fmt_s "${BARE[fc-backward]}")"
piece "bare swiftc of FullyConnected.swift with the grader's flags (-gline-tables-only -swift-version 5, + -lBPGPluginSupport)" "$(fmt_s "$p_flags")"
piece "cold \`grader run\` fc-backward (process wall time)" "$(fmt_s "${COLD[fc-backward]}")"
piece "… of which the report's compileSeconds / runSeconds / totalSeconds (one cold run)" "$(echo "$timings" | sed 's/\t/ \/ /g')"
piece "re-run fc-backward, plugin cached (start-up + plan + 1 worker with the MNIST-scale case)" "$(fmt_s "$RERUN_FC")"

# ---------------------------------------------------------------- 3: a batch of 60
S60="$WORK/students60"
lib students "$STUDENTS" "$S60" "b60-$$"
lib filelist "$S60" >"$WORK/files60.txt"
batch_cmd() { # batch_cmd JOBS CACHE OUT STUDENTS_DIR
    echo "GRADER_CACHE_DIR=$2 $GRADER batch $4 --jobs $1 --out $3"
}
# The batches' cache is prepared once, as an instructor's is after `grader prepare`: the kit with its
# warm module cache, the compile recipes and the references' plugins (the bare swiftc floors use
# the toolchain's default module cache, warm after their first round). Each round then starts
# from that state: the plugins and results that earlier rounds added are removed. (A copy of the
# kit's folder alone, as this bench made before, left out the module cache, which then had to be
# warmed inside every timed batch: about a second, once per batch.)
rm -rf "$WORK/c-batch"
GRADER_CACHE_DIR="$WORK/c-batch" "$GRADER" prepare >"$WORK/prepare-batch.log" 2>&1 || { cat "$WORK/prepare-batch.log" >&2; die "grader prepare failed"; }
touch "$WORK/c-batch/.prepared"
reset_cache() { # the prepare step: the prepared cache as it was, no old reports
    echo "rm -rf $WORK/out-batch $WORK/c-batch/results && find $WORK/c-batch/plugins -type f -newer $WORK/c-batch/.prepared -delete"
}
mkdir -p "$WORK/bare"
cat >"$WORK/bare-file.sh" <<EOF
#!/bin/sh
# One bare swiftc per file.
n=\$(basename "\$(dirname "\$1")")-\$(basename "\$1" .swift)
exec $SWIFTC -emit-library -parse-as-library -I $KIT -L $KIT -lExerciseKit "\$1" -o $WORK/bare/\$n.so
EOF
cat >"$WORK/bare-student.sh" <<EOF
#!/bin/sh
# One bare swiftc per student: the three files in one module, as the grader compiles them.
exec $SWIFTC -emit-library -parse-as-library -module-name Submission -I $KIT -L $KIT -lExerciseKit "\$1"/*.swift -o $WORK/bare/\$(basename "\$1").so
EOF
chmod +x "$WORK/bare-file.sh" "$WORK/bare-student.sh"
find "$S60" -mindepth 1 -maxdepth 1 -type d | sort >"$WORK/students60.txt"
log "3: batch of $STUDENTS with --jobs 1 and --jobs 2, bare-compile floors with xargs -P 2 ($BATCH_RUNS alternating rounds)"
lib interleave "$BATCH_RUNS" 0 "$WORK/batch.json" \
    "j1:::$(reset_cache):::$(batch_cmd 1 "$WORK/c-batch" "$WORK/out-batch" "$S60")" \
    "j2:::$(reset_cache):::$(batch_cmd 2 "$WORK/c-batch" "$WORK/out-batch" "$S60")" \
    "floor-student:::rm -rf $WORK/bare && mkdir -p $WORK/bare:::xargs -P 2 -n 1 $WORK/bare-student.sh < $WORK/students60.txt" \
    "floor-file:::rm -rf $WORK/bare && mkdir -p $WORK/bare:::xargs -P 2 -n 1 $WORK/bare-file.sh < $WORK/files60.txt"
j1=$(lib median "$WORK/batch.json" j1)
j2=$(lib median "$WORK/batch.json" j2)
floor_student=$(lib median "$WORK/batch.json" floor-student)
floor_file=$(lib median "$WORK/batch.json" floor-file)
note "Batch of $STUDENTS: 1-minute load $(lib loads "$WORK/batch.json") during the rounds; times (s): $("$PY" -c 'import json,sys; print("; ".join("%s %s" % (r["command"], " ".join("%.1f" % t for t in r["times"])) for r in json.load(open(sys.argv[1]))["results"]))' "$WORK/batch.json")."

r=$(ratio "$j2" "$j1")
row 3a "batch of $STUDENTS students × 3 exercises, --jobs 2" "$(fmt_s "$j2")" "--jobs 1: $(fmt_s "$j1")" "$(faster "$r")" "≥ 1.8x faster (≤ 0.556)" "$(met "$r" '<=' 0.5556)"
r=$(ratio "$j2" "$floor_student")
row 3b "batch of $STUDENTS, --jobs 2, vs the fair floor" "$(fmt_s "$j2")" "bare swiftc per student (3 files, 1 swiftc, as the grader), xargs -P 2: $(fmt_s "$floor_student")" "$(faster "$r")" "≤ 1.0" "$(met "$r" '<=' 1.0)"
r=$(ratio "$j2" "$floor_file")
row 3c "batch of $STUDENTS, --jobs 2, vs the conservative floor" "$(fmt_s "$j2")" "bare swiftc per file ($((STUDENTS * 3)) swiftc), xargs -P 2: $(fmt_s "$floor_file")" "$(faster "$r")" "≤ 1.0" "$(met "$r" '<=' 1.0)"

# ---------------------------------------------------------------- 4: vs swift test
log "4: grader on one new student (3 exercises, one batch of one)"
ONE="$WORK/onestudent"
CACHE4="$(fresh_cache)"
per_sub=$(hf grader-one-student --warmup 1 --runs "$RUNS" --prepare "rm -rf $ONE && $PY $LIB students 1 $ONE unique" \
    "GRADER_CACHE_DIR=$CACHE4 $GRADER batch $ONE --jobs 2 --out $WORK/out-one")
piece "grader on one new student, 3 exercises (\`grader batch\` of one folder)" "$(fmt_s "$per_sub")"
[ "$j2" != failed ] && piece "$STUDENTS-student batch --jobs 2, per student (amortised)" "$(awk -v t="$j2" -v n="$STUDENTS" 'BEGIN { printf "%.2f s", t / n }')"

PKG="$WORK/swifttest-template"
lib swiftpkg "$root" "$PKG"
swift_test() { # swift_test DIR LOG -> wall seconds (the exit status is the students' test verdict: ignored)
    local start
    start=$(date +%s.%N)
    (cd "$1" && swift test >"$2" 2>&1) || true
    grep -q "Executed" "$2" || { log "swift test did not run tests: see $2"; tail -20 "$2" >&2; echo failed; return; }
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }'
}
student_dirs=($(cat "$WORK/students60.txt"))
cold_times=()
for ((i = 0; i < ST_COLD; i++)); do
    log "4: swift test from scratch, student $i"
    rm -rf "$WORK/pkg-cold"
    cp -a "$PKG" "$WORK/pkg-cold"
    cp "${student_dirs[$i]}"/*.swift "$WORK/pkg-cold/Sources/Submission/"
    cold_times+=("$(swift_test "$WORK/pkg-cold" "$WORK/swifttest-cold-$i.log")")
done
rm -rf "$WORK/pkg-cold"
log "4: swift test on a built package, files swapped ($ST_WARM students after a warm-up)"
cp -a "$PKG" "$WORK/pkg-warm"
cp "${student_dirs[0]}"/*.swift "$WORK/pkg-warm/Sources/Submission/"
swift_test "$WORK/pkg-warm" "$WORK/swifttest-warmup.log" >/dev/null
warm_times=()
for ((i = 1; i <= ST_WARM; i++)); do
    cp "${student_dirs[$i]}"/*.swift "$WORK/pkg-warm/Sources/Submission/"
    warm_times+=("$(swift_test "$WORK/pkg-warm" "$WORK/swifttest-warm-$i.log")")
done
median_of() { local v; for v in "$@"; do [ "$v" = failed ] && { echo failed; return; }; done; lib median-list "$@"; }
st_cold=$(median_of "${cold_times[@]}")
st_warm=$(median_of "${warm_times[@]}")
note "swift test times (s): cold ${cold_times[*]}; warm ${warm_times[*]}."
r=$(ratio "$per_sub" "$st_warm")
row 4a "grader, one new student (3 exercises, cold plugin, warm kit)" "$(fmt_s "$per_sub")" "warm \`swift test\` (package built, next student's files swapped in), median of $ST_WARM: $(fmt_s "$st_warm")" "$(faster "$r")" "≥ 2x faster (≤ 0.5)" "$(met "$r" '<=' 0.5)"
r=$(ratio "$per_sub" "$st_cold")
row 4b "grader, one new student (as 4a)" "$(fmt_s "$per_sub")" "cold \`swift test\` (fresh package copy, no .build), median of $ST_COLD: $(fmt_s "$st_cold")" "$(faster "$r")" "≥ 20x faster (≤ 0.05)" "$(met "$r" '<=' 0.05)"

# ---------------------------------------------------------------- pieces: the grader's own swiftc, replayed
# A wrapper toolchain (SWIFTC, which the grader prefers) records the plugin compiles the grader runs;
# they are then re-run as they were, and with -wmo (one frontend instead of one per file).
capture() { # capture NAME GRADER_ARGS... -> prints the directory of recorded compiler calls
    local dir="$WORK/capture-$1" usr
    shift
    usr="$(cd "$(dirname "$SWIFTC")/.." && pwd)"
    mkdir -p "$dir/usr/bin" "$dir/calls" "$WORK/capture-cache"
    chmod 755 "$dir" "$WORK/capture-cache"
    ln -s "$usr/lib" "$dir/usr/lib"
    ln -s "$usr/bin/swift-frontend" "$dir/usr/bin/swift-frontend"
    if [ -d "$usr/libexec" ]; then ln -s "$usr/libexec" "$dir/usr/libexec"; fi
    {
        echo '#!/bin/sh'
        echo "d=\"$dir/calls/\$\$\""
        echo 'mkdir -p "$d"'
        echo 'printf "%s\n" "$@" >"$d/args"'
        echo "echo \"$SWIFTC\" >\"\$d/compiler\""
        echo 'for a in "$@"; do case "$a" in *.swift) cp "$a" "$d/" ;; esac; done'
        echo "exec \"$SWIFTC\" \"\$@\""
    } >"$dir/usr/bin/swiftc"
    chmod +x "$dir/usr/bin/swiftc"
    SWIFTC="$dir/usr/bin/swiftc" GRADER_CACHE_DIR="$WORK/capture-cache" "$GRADER" "$@" >/dev/null 2>&1 || true
    echo "$dir/calls"
}
log "pieces: the grader's plugin compiles, replayed as they are and with -wmo"
mkdir -p "$WORK/cap-fc"
lib unique "$root/Examples/submissions/alice/FullyConnected.swift" "$WORK/cap-fc/FullyConnected.swift"
calls_fc=$(capture fc run --exercise fc-backward --submission "$WORK/cap-fc")
rm -rf "$WORK/cap-one"
lib students 1 "$WORK/cap-one" unique
calls_one=$(capture one batch "$WORK/cap-one" --jobs 1 --out "$WORK/cap-out")
# student 1 is written like bob, whose Activations.swift and Losses.swift `import Foundation`
rm -rf "$WORK/cap-bob"
mkdir -p "$WORK/cap-bob/s0001"
for f in FullyConnected.swift Activations.swift Losses.swift; do lib unique "$root/Examples/submissions/bob/$f" "$WORK/cap-bob/s0001/$f"; done
calls_bob=$(capture bob batch "$WORK/cap-bob" --jobs 1 --out "$WORK/cap-out-bob")
if cmd_fc=$(lib replay "$calls_fc" "$WORK/replay.so") && cmd_one=$(lib replay "$calls_one" "$WORK/replay.so"); then
    files_fc=$(echo "$cmd_fc" | tr ' ' '\n' | grep -c '\.swift$' || true)
    files_one=$(echo "$cmd_one" | tr ' ' '\n' | grep -c '\.swift$' || true)
    p_fc=$(hf piece-replay-fc --warmup 1 --runs "$RUNS" "$cmd_fc")
    p_fc_wmo=$(hf piece-replay-fc-wmo --warmup 1 --runs "$RUNS" "$(lib replay "$calls_fc" "$WORK/replay.so" -wmo)")
    p_one=$(hf piece-replay-one --warmup 1 --runs "$RUNS" "$cmd_one")
    p_one_wmo=$(hf piece-replay-one-wmo --warmup 1 --runs "$RUNS" "$(lib replay "$calls_one" "$WORK/replay.so" -wmo)")
    p_bare_student=$(hf piece-bare-student --warmup 1 --runs "$RUNS" "$WORK/bare-student.sh ${student_dirs[0]}")
    if cmd_bob=$(lib replay "$calls_bob" "$WORK/replay.so"); then
        p_bob=$(hf piece-replay-bob --warmup 1 --runs "$RUNS" "$cmd_bob")
        p_bob_wmo=$(hf piece-replay-bob-wmo --warmup 1 --runs "$RUNS" "$(lib replay "$calls_bob" "$WORK/replay.so" -wmo)")
        p_bare_bob=$(hf piece-bare-bob --warmup 1 --runs "$RUNS" "$WORK/bare-student.sh ${student_dirs[1]}")
    fi
    piece "the grader's swiftc for fc-backward, replayed as the grader runs it ($files_fc files: the student's + glue; one frontend per file)" "$(fmt_s "$p_fc")"
    piece "… the same with -wmo (one frontend)" "$(fmt_s "$p_fc_wmo")"
    piece "the grader's swiftc for one student, 3 exercises ($files_one files)" "$(fmt_s "$p_one")"
    piece "… the same with -wmo (one frontend)" "$(fmt_s "$p_one_wmo")"
    piece "bare swiftc of one student's 3 files (the unit of the fair floor; one frontend per file)" "$(fmt_s "$p_bare_student")"
    if [ -n "${p_bob:-}" ]; then
        piece "the grader's swiftc for a student written like bob (2 of 3 files \`import Foundation\`: every one of the 9 frontends loads it)" "$(fmt_s "$p_bob")"
        piece "… the same with -wmo (Foundation loaded once)" "$(fmt_s "$p_bob_wmo")"
        piece "bare swiftc of that student's 3 files (3 frontends)" "$(fmt_s "$p_bare_bob")"
    fi
else
    piece "the grader's swiftc, replayed" "not captured (the grader did not use SWIFTC)"
fi
p_cached_one=$(hf piece-one-cached --warmup 1 --runs "$RUNS" "GRADER_CACHE_DIR=$CACHE4 $GRADER batch $ONE --jobs 2 --out $WORK/out-one")
piece "one student, all plugins cached (\`grader batch\`: start-up, 3 plans, 5 sandboxed workers)" "$(fmt_s "$p_cached_one")"
# Foundation's Process.waitUntilExit polls its run loop every 50 ms: what that costs per subprocess.
cp "$here/waitlatency.swift" "$WORK/waitlatency.swift"
if "$SWIFTC" -O "$WORK/waitlatency.swift" -o "$WORK/waitlatency" >/dev/null 2>&1; then
    IFS=$'\t' read -r wait_process wait_spawn < <("$WORK/waitlatency")
    piece "running /bin/true with Foundation's Process + waitUntilExit (as Subprocess.run runs swiftc), median of 21" "$wait_process"
    piece "… with posix_spawn + waitpid" "$wait_spawn"
fi

# ---------------------------------------------------------------- 5: memory
log "5: peak memory of a cold grader run (fc-backward) and of the workers in a batch"
tree_rss=()
grader_rss=()
worker_rss=()
frontend_rss=()
peak() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["peak_kb"].get(sys.argv[2], ""))' "$1" "$2" 2>/dev/null || true; }
for i in 1 2 3; do
    "$PY" "$LIB" unique "$root/Examples/submissions/alice/FullyConnected.swift" "$fc_sub/FullyConnected.swift"
    /usr/bin/time -f %M -o "$WORK/time-$i.txt" env GRADER_CACHE_DIR="$CACHE1" "$GRADER" run --exercise fc-backward \
        --submission "$fc_sub" --format json >/dev/null 2>&1 &
    pid=$!
    "$PY" "$LIB" sample "$pid" "$WORK/mem-run-$i.json" 0.01
    wait "$pid" || true
    tree_rss+=("$(tail -n 1 "$WORK/time-$i.txt")")
    grader_rss+=("$(peak "$WORK/mem-run-$i.json" grader)")
    worker_rss+=("$(peak "$WORK/mem-run-$i.json" worker)")
    frontend_rss+=("$(peak "$WORK/mem-run-$i.json" swift-frontend)")
done
med_kb() { local values=(); for v in "$@"; do [ -n "$v" ] && values+=("$v"); done; [ ${#values[@]} -gt 0 ] && lib median-list "${values[@]}" || echo ""; }
row 5a "max RSS of \`grader run\` fc-backward, cold (/usr/bin/time %M: the largest process of the tree)" "$(fmt_mb "$(med_kb "${tree_rss[@]}")")" "—" "—" "—" "n/a"
row 5b "… the grader process itself (VmHWM, sampled every 10 ms)" "$(fmt_mb "$(med_kb "${grader_rss[@]}")")" "—" "—" "—" "n/a"
row 5c "… its worker (VmHWM sampled; MNIST-scale case)" "$(fmt_mb "$(med_kb "${worker_rss[@]}")")" "—" "—" "—" "n/a"
row 5d "… swift-frontend (VmHWM sampled)" "$(fmt_mb "$(med_kb "${frontend_rss[@]}")")" "—" "—" "—" "n/a"
# the batch of 60 once more, untimed, with the sampler on the whole tree
eval "$(reset_cache)"
/usr/bin/time -f %M -o "$WORK/time-b60.txt" env GRADER_CACHE_DIR="$WORK/c-batch" "$GRADER" batch "$S60" --jobs 2 \
    --out "$WORK/out-batch" >/dev/null 2>&1 &
pid=$!
"$PY" "$LIB" sample "$pid" "$WORK/mem-b60.json" 0.01
wait "$pid" || true
expected_full=$((STUDENTS - STUDENTS / 6))
note "Sanity: the $STUDENTS-student batch (--jobs 2) gave full marks to $(lib grades "$WORK/out-batch/grades.csv" "$FULL_MARKS" 2>/dev/null || echo '?') students (expected $expected_full/$STUDENTS: every sixth has a classic mistake)."
seen_workers=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["processes"].get("worker", 0))' "$WORK/mem-b60.json" 2>/dev/null || echo 0)
B60_GRADER_KB=$(peak "$WORK/mem-b60.json" grader)
row 5e "batch of $STUDENTS --jobs 2: the grader process itself (VmHWM sampled)" "$(fmt_mb "$B60_GRADER_KB")" "—" "—" "—" "n/a"
row 5f "… the largest worker ($seen_workers of $((STUDENTS * 5)) workers sampled)" "$(fmt_mb "$(peak "$WORK/mem-b60.json" worker)")" "—" "—" "—" "n/a"
note "Memory: /usr/bin/time's %M is ru_maxrss of the waited child and its descendants, i.e. the largest single process (usually swift-frontend), not a sum. The grader's and the workers' own peaks are VmHWM read from /proc/<pid>/status by bench/benchlib.py's sampler (every 10 ms) while they run; a worker that lives less than 10 ms can be missed, a sampled one is exact up to its last sample. Whole batch tree max (time %M): $(fmt_mb "$(tail -n 1 "$WORK/time-b60.txt")")."

# ---------------------------------------------------------------- 6: a batch of 1,000
if [ "$quick" = 1 ]; then
    row 6a "batch of $BIG students × 3 exercises, --jobs 2: wall time" "skipped (--quick)" "—" "—" "—" "n/a"
    row 6b "… peak memory of the grader process" "skipped (--quick)" "—" "—" "—" "n/a"
else
    log "6: batch of $BIG students with --jobs 2 (several minutes)"
    SBIG="$WORK/students-big"
    lib students "$BIG" "$SBIG" "big-$$"
    eval "$(reset_cache)" && rm -rf "$WORK/out-big"
    big_start=$(date +%s.%N)
    /usr/bin/time -f '%e %M' -o "$WORK/time-big.txt" env GRADER_CACHE_DIR="$WORK/c-batch" "$GRADER" batch "$SBIG" \
        --jobs 2 --out "$WORK/out-big" >"$WORK/big.log" 2>&1 &
    pid=$!
    "$PY" "$LIB" sample "$pid" "$WORK/mem-big.json" 0.5
    wait "$pid" || log "the big batch exited with $?"
    big_wall=$(awk '{ print $1 }' "$WORK/time-big.txt" | tail -n 1)
    big_grader_kb=$(peak "$WORK/mem-big.json" grader)
    linear=$(awk -v t="$j2" -v n="$STUDENTS" -v b="$BIG" 'BEGIN { if (t == "failed") print "failed"; else print t / n * b }')
    r=$(ratio "$big_wall" "$linear")
    row 6a "batch of $BIG students × 3 exercises, --jobs 2: wall time" "$(fmt_s "$big_wall") ($(awk -v t="$big_wall" -v b="$BIG" 'BEGIN { printf "%.2f s", t / b }') per student)" "$STUDENTS-batch --jobs 2 scaled ×$BIG/$STUDENTS: $(fmt_s "$linear")" "$(faster "$r")" "≤ 1.10" "$(met "$r" '<=' 1.10)"
    r=$(ratio "${big_grader_kb:-0}" "${B60_GRADER_KB:-1}")
    row 6b "… peak memory of the grader process (VmHWM, sampled every 0.5 s)" "$(fmt_mb "$big_grader_kb")" "$STUDENTS-batch: $(fmt_mb "$B60_GRADER_KB")" "$(faster "$r")" "≤ 1.2" "$(met "$r" '<=' 1.2)"
    note "Batch of $BIG: full marks for $(lib grades "$WORK/out-big/grades.csv" "$FULL_MARKS" 2>/dev/null || echo '?') students (expected $((BIG - BIG / 6))/$BIG); whole-tree max RSS (time %M) $(fmt_mb "$(awk '{ print $2 }' "$WORK/time-big.txt" | tail -n 1)")."
fi

# ---------------------------------------------------------------- report
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git status --porcelain 2>/dev/null | awk '!/^\?\?/ { n++ } END { print n + 0 }')"
untracked="$(git status --porcelain 2>/dev/null | awk '/^\?\?/ { n++ } END { print n + 0 }')"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
memory="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
os="$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || echo unknown)"
swift_version="$("$SWIFTC" --version 2>&1 | sed -n 1p)"
mode=full
[ "$quick" = 1 ] && mode=quick

{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — commit $commit ($mode)"
    echo
    echo "- commit: \`$(git rev-parse HEAD 2>/dev/null || echo unknown)\`, working tree: $dirty modified tracked files, $untracked untracked paths (the measured grader is the working tree's \`swift build -c release\`)"
    echo "- machine: $(nproc) cores, $cpu, $memory RAM, kernel $(uname -r), $os"
    echo "- toolchain: $swift_version; $(hyperfine --version)"
    echo "- load average (1/5/15 min): $load_start at start (after waiting $waited s for < $MAX_LOAD), $load_end at the end"
    echo "- runs: $RUNS alternating rounds per single-submission comparison (after 1 warm-up), $BATCH_RUNS rounds of batches and floors, swift test $ST_COLD cold / $ST_WARM warm, $RUNS hyperfine runs per piece; values are medians; ratios are value / baseline within this run"
    echo
    lib table "$ROWS" "$WORK/table.md" >/dev/null
    cat "$WORK/table.md"
    echo
    echo "Pieces (medians of $RUNS unless noted):"
    echo
    echo "| piece | time |"
    echo "|---|---|"
    while IFS=$'\t' read -r what value; do echo "| $what | $value |"; done <"$PIECES"
    echo
    echo "Notes:"
    echo
    while IFS= read -r line; do echo "- $line"; done <"$NOTES"
} >"$WORK/section.md"

if [ ! -f "$RESULTS" ]; then
    {
        echo "# Benchmark results"
        echo
        echo "Appended by \`bench/run.sh\` (see the script's header for what each row measures). Newest last."
    } >"$RESULTS"
fi
cat "$WORK/section.md" >>"$RESULTS"
cat "$WORK/section.md"
log "appended to $RESULTS"

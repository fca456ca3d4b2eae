#!/usr/bin/env bash
# The Slurm test (.ci/run runs it): a real one-node Slurm cluster under a temporary folder grades a
# generated class in 4 shards with deploy/slurm/grade.sbatch and merges them with merge.sbatch
# (afterok); grades.csv and summary.json must be byte for byte those of one `grader batch` of the
# same class on this machine. Then a merge with a shard's student missing must fail and name them.
#
# usage: deploy/slurm/test/run.sh        (as root: installs slurmctld slurmd slurm-client munge)
#
# The daemons are stopped by their pids at the end, also when the test fails or is interrupted.
# Environment: GRADER (default: .build/release/grader, built if missing), SLURM_TEST_STUDENTS (70),
# SLURM_TEST_SHARDS (4), SLURM_TEST_KEEP=1 keeps the scratch folder (logs, reports).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
students=${SLURM_TEST_STUDENTS:-70}
shards=${SLURM_TEST_SHARDS:-4}
# The same limit for both sides (it is part of the grading key); short, because the sample class has
# a ReLU that never returns.
options=(--time-limit 5)

log() { printf '[slurm-test %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() {
    log "FAILED: $*"
    exit 1
}

# shellcheck source=slurm-lib.sh
source "$here/slurm-lib.sh"
work=""
finish() {
    local status=$?
    trap - EXIT INT TERM
    slurm_stop || status=1
    if [ -n "$work" ]; then
        if [ "${SLURM_TEST_KEEP:-0}" = 1 ] || [ $status != 0 ]; then
            log "scratch kept in $work (job logs in $work/submit, daemon logs in $work/slurm/log)"
        else
            rm -rf "$work"
        fi
    fi
    if [ $status = 0 ]; then log "passed"; else log "exit status $status"; fi
    exit $status
}
trap finish EXIT
trap 'exit 130' INT TERM

GRADER=${GRADER:-$root/.build/release/grader}
if [ ! -x "$GRADER" ]; then
    log "building the release grader"
    (cd "$root" && swift build -c release >/dev/null)
fi
GRADER=$(realpath "$GRADER")
export GRADER
# The shards, the merge and the one-machine batch run in different folders: one configuration.
export GRADER_CONFIG="$root/grader.json"

slurm_install
work=$(mktemp -d /tmp/bpg-slurm-test.XXXXXX)
# The sandboxed compiler and workers run as unprivileged ids: the class and the caches must be
# readable by them.
chmod 755 "$work"
python3 "$root/deploy/test/make-class.py" "$root/Examples/submissions" "$work/class" "$students" slurm-test
log "class of $(find "$work/class" -mindepth 1 -maxdepth 1 | wc -l) students in $work/class"

log "one machine: grader batch (its own cache)"
started=$(date +%s)
GRADER_CACHE_DIR="$work/cache-one" "$GRADER" batch "$work/class" --out "$work/one" --jobs 2 "${options[@]}" \
    >"$work/one.log" 2>&1 || {
    tail -20 "$work/one.log" >&2
    fail "the one-machine batch failed"
}
log "one machine: $(tail -n 1 "$work/one.log") (wall $(($(date +%s) - started)) s)"

slurm_start "$work/slurm"
mkdir -p "$work/submit"
cd "$work/submit"
# Every shard shares one cache folder, as nodes would on a network file system. One CPU a task,
# so that the 2-core node runs two shards at once.
export GRADER_CACHE_DIR="$work/cache-shared"
started=$(date +%s)
array=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task=1 \
    "$root/deploy/slurm/grade.sbatch" "$work/class" "$work/sharded" "${options[@]}")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" "$root/deploy/slurm/merge.sbatch" "$work/sharded")
merge=${merge%%;*}
log "submitted array job $array ($shards tasks) and merge job $merge (afterok:$array)"
# Not in a command substitution: a SIGTERM must reach the trap at once (slurm-lib.sh's notes).
slurm_wait "$array" 1800 >"$work/array-states" || {
    cat "$work/array-states" >&2
    tail -n 20 "$work"/submit/grade-* >&2 || true
    fail "the array did not complete"
}
slurm_wait "$merge" 600 >"$work/merge-states" || {
    cat "$work/merge-states" >&2
    tail -n 20 "$work"/submit/merge-* >&2 || true
    fail "the merge did not complete"
}
log "array and merge COMPLETED in $(($(date +%s) - started)) s:"
sed 's/^/    /' "$work/array-states" "$work/merge-states" >&2

# The logs are named by the array job and task (%A_%a), the merge's by its job (%j).
for ((task = 0; task < shards; task++)); do
    [ -s "$work/submit/grade-${array}_$task.out" ] || fail "no log grade-${array}_$task.out"
done
[ -s "$work/submit/merge-$merge.out" ] || fail "no log merge-$merge.out"
sed 's/^/    /' "$work/submit/merge-$merge.out" >&2

for file in grades.csv summary.json; do
    cmp "$work/one/$file" "$work/sharded/$file" || {
        diff "$work/one/$file" "$work/sharded/$file" | head -20 >&2
        fail "$file of the merged shards differs from the one-machine batch"
    }
    log "$file: identical ($(wc -c <"$work/one/$file") bytes)"
done

# Each shard graded exactly the students the partition gives it (recomputed in Python), wrote a
# complete manifest, and no class-level file (the merge wrote those).
python3 - "$work" "$shards" "$root/deploy/test" <<'PY'
import json, os, sys
work, count = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from shards import shard
names = sorted(n for n in os.listdir(os.fsencode(work + "/class")))
expected = {k: sorted(n for n in names if shard(n, count) == k) for k in range(count)}
total = 0
for k in range(count):
    with open("%s/sharded/.shards/%d-of-%d.json" % (work, k, count)) as f:
        m = json.load(f)
    assert m["status"] == "complete", m
    assert m["students"] == len(expected[k]), (k, m["students"], len(expected[k]))
    assert m["graded"] + m["upToDate"] == 3 * len(expected[k]) and m["notGraded"] == 0, m
    assert len(m["classFolders"]) == len(names), m
    total += m["students"]
    print("    shard %d of %d: %d students, %d jobs graded on %s" % (k, count, m["students"], m["graded"], m["host"]))
assert total == len(names), (total, len(names))
PY
log "the shards partition the class as shards.py does"

# A dead shard: the merge of a copy without one student's reports fails, lists them, writes nothing.
cp -a "$work/sharded" "$work/broken"
rm -f "$work/broken/grades.csv" "$work/broken/summary.json"
victim=$(python3 "$root/deploy/test/shards.py" "$shards" "$work/class" | awk -F'\t' '$1 == 2 && $2 ~ /^s[0-9]+-/ { print $2; exit }')
[ -n "$victim" ] || fail "shard 2 has no plainly named student"
rm -rf "${work:?}/broken/$victim"
if "$GRADER" merge "$work/broken" >"$work/broken.out" 2>"$work/broken.err"; then
    fail "a merge with a student's reports missing succeeded"
fi
grep -qF "missing: $victim (shard 2 of $shards:" "$work/broken.out" || fail "the merge did not list $victim"
[ ! -e "$work/broken/grades.csv" ] || fail "a failed merge wrote grades.csv"
log "a merge without $victim's reports fails and names them: $(cat "$work/broken.err")"

#!/usr/bin/env bash
# submit.sh CLASS OUT [SHARDS] [-- grader batch options]: the two sbatch commands in one.
# Submits grade.sbatch as an array of SHARDS tasks (default 10), then merge.sbatch after it
# (afterok), and prints the two job ids. Extra sbatch options for both: SBATCH_ARGS
# (e.g. "--partition=short --account=course"). Run it from the folder holding grader.json.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -lt 2 ]; then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
fi
class=$(realpath "$1")
out=$(realpath -m "$2")
shards=10
shift 2
if [ $# -gt 0 ] && [ "$1" != -- ]; then
    shards=$1
    shift
fi
[ "${1:-}" = -- ] && shift
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: SHARDS must be a whole number ≥ 1" >&2; exit 64; }
[ -d "$class" ] || { echo "submit.sh: no class folder $class" >&2; exit 1; }
mkdir -p "$out"
# shellcheck disable=SC2206
extra=(${SBATCH_ARGS:-})
array=$(sbatch --parsable "${extra[@]}" --array=0-$((shards - 1)) "$here/grade.sbatch" "$class" "$out" "$@")
array=${array%%;*} # --parsable prints "jobid[;cluster]"
merge=$(sbatch --parsable "${extra[@]}" --dependency=afterok:"$array" "$here/merge.sbatch" "$out")
merge=${merge%%;*}
echo "$array $merge"

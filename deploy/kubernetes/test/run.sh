#!/usr/bin/env bash
# The Kubernetes test (.ci/run runs it). No cluster and no container engine run here, so it checks
# what can be checked without them: the manifests parse and agree with each other and with the
# sharding of deploy/slurm/grade.sbatch (check.py), render.sh keeps completions, parallelism and
# GRADER_SHARD_COUNT in step for other counts, and the Jobs' own commands and environment, played
# on this machine with a folder as the volume and JOB_COMPLETION_INDEX set as the control plane
# would set it, grade the sample class into the grades of Examples/expected-grades.csv.
#
# usage: deploy/kubernetes/test/run.sh   (needs python3 and python3-yaml; GRADER: default the
#        release build)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deploy=$(cd "$here/.." && pwd)
root=$(cd "$deploy/../.." && pwd)
GRADER=${GRADER:-$root/.build/release/grader}
[ -x "$GRADER" ] || (cd "$root" && swift build -c release >/dev/null)
work=$(mktemp -d /tmp/bpg-k8s-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cd "$root"

for counts in "7 3" "1 1" "100 10"; do
    read -r shards parallelism <<<"$counts"
    "$deploy/render.sh" "$shards" "$parallelism" >"$work/grade-$shards.yaml"
    echo "== the manifests for $shards shards ($parallelism at once)"
    python3 "$here/check.py" "$work/grade-$shards.yaml" "$shards" >/dev/null
    grep -q "^  parallelism: $parallelism " "$work/grade-$shards.yaml"
done

echo "== the Jobs of grade-job.yaml as shipped, played on this machine"
shards=$(sed -n 's/^  completions: \([0-9]*\).*/\1/p' "$deploy/grade-job.yaml")
mkdir -p "$work/data"
cp -a Examples/submissions "$work/data/class"
python3 "$here/check.py" "$deploy/grade-job.yaml" "$shards" --run "$work/data" "$GRADER"
# Byte for byte, CRLF line ends included (RFC 4180, as the expected file is kept).
cmp Examples/expected-grades.csv "$work/data/out/grades.csv" || diff -u Examples/expected-grades.csv "$work/data/out/grades.csv"
for ((index = 0; index < shards; index++)); do
    [ -f "$work/data/out/.shards/$index-of-$shards.json" ] || { echo "no manifest of shard $index" >&2; exit 1; }
done
echo "kubernetes: manifests consistent; $shards pods and the merge graded the sample class as expected"

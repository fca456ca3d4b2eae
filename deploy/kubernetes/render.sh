#!/usr/bin/env bash
# render.sh SHARDS [PARALLELISM]: grade-job.yaml for SHARDS shards on standard output, with
# .spec.completions, .spec.parallelism (default: SHARDS) and GRADER_SHARD_COUNT set in step.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=${1:?usage: render.sh SHARDS [PARALLELISM]}
parallelism=${2:-$shards}
[[ "$shards" =~ ^[1-9][0-9]*$ && "$parallelism" =~ ^[1-9][0-9]*$ ]] || {
    echo "render.sh: SHARDS and PARALLELISM must be whole numbers ≥ 1" >&2
    exit 64
}
((parallelism <= shards)) || parallelism=$shards
sed -e "s/^  completions: [0-9]*/  completions: $shards/" \
    -e "s/^  parallelism: [0-9]*/  parallelism: $parallelism/" \
    -e "/name: GRADER_SHARD_COUNT/{n;s/value: \"[0-9]*\"/value: \"$shards\"/;}" \
    "$here/grade-job.yaml"

#!/usr/bin/env bash
# run.sh [SHARDS]: grade a class on Kubernetes: the Indexed Job of SHARDS pods (default 4), then,
# only if it is Complete (every index succeeded), the merge Job; prints the merge's log.
#
# Assumes kubectl points at the cluster and namespace, the image is pullable (Dockerfile), and the
# class is on the volume under /data/class (README, "Kubernetes": kubectl cp through a pod that
# mounts grader-data). NOT RUN against a cluster: no Kubernetes where this was written; the
# manifests and render.sh are checked offline by deploy/kubernetes/test/run.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=${1:-4}
timeout=${TIMEOUT:-3600}

# wait_job NAME: 0 when the Job has the condition Complete, 1 when Failed, 2 on timeout.
wait_job() {
    local job=$1 started conditions
    started=$(date +%s)
    while :; do
        conditions=$(kubectl get job "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
        case " $conditions " in
            *" Complete "*) echo "job $job: Complete"; return 0 ;;
            *" Failed "*) echo "job $job: Failed" >&2; kubectl describe job "$job" >&2; return 1 ;;
        esac
        (($(date +%s) - started < timeout)) || { echo "job $job: timed out" >&2; return 2; }
        sleep 5
    done
}

kubectl apply -f "$here/volumes.yaml"
kubectl delete job grade merge --ignore-not-found --wait=true
"$here/render.sh" "$shards" | kubectl apply -f -
wait_job grade
kubectl apply -f "$here/merge-job.yaml"
status=0
wait_job merge || status=$?
kubectl logs job/merge
exit $status

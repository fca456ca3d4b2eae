#!/usr/bin/env python3
"""check.py GRADE_JOB SHARDS [--run DATA GRADER]: check the Kubernetes manifests without a cluster.

Parses deploy/kubernetes/{volumes,merge-job}.yaml and GRADE_JOB (grade-job.yaml as render.sh
rendered it for SHARDS shards) and checks what the grader relies on: an Indexed Job whose
completions, parallelism and GRADER_SHARD_COUNT agree with SHARDS, `grader batch ... --shard auto`
with the class, the output and the cache on the shared volume, a merge Job that merges the same
output from the same image and volume, a container build file on the official Swift image, and the
same sharding as deploy/slurm/grade.sbatch.

With --run DATA GRADER it then plays the Jobs on this machine: the volume is the folder DATA
(/data/... becomes DATA/...), one process per completion index with the pod's environment plus
the JOB_COMPLETION_INDEX the control plane would set, all at once, then the merge Job's command.

Needs python3 and python3-yaml (Debian). Prints what it checked; exits 1 on the first problem.
"""
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEPLOY = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(DEPLOY))


def fail(message):
    print("check.py: FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)
    print("  ok: " + message)


def load(path):
    with open(path) as handle:
        documents = [d for d in yaml.safe_load_all(handle) if d is not None]
    expect(len(documents) == 1, "%s holds one object" % os.path.relpath(path, ROOT))
    return documents[0]


def option(command, name):
    """The value after `name` in a command line, or None."""
    return command[command.index(name) + 1] if name in command[:-1] else None


def container(job, name):
    spec = job["spec"]["template"]["spec"]
    expect(spec.get("restartPolicy") == "Never", "%s: restartPolicy Never" % name)
    containers = spec["containers"]
    expect(len(containers) == 1, "%s: one container" % name)
    return spec, containers[0]


def env_of(box):
    return {item["name"]: item.get("value") for item in box.get("env") or []}


def mounted(spec, box, claim, path, what):
    mounts = {m["name"]: m["mountPath"] for m in box.get("volumeMounts") or []}
    volumes = {v["name"]: v.get("persistentVolumeClaim", {}).get("claimName") for v in spec.get("volumes") or []}
    shared = [mounts[n] for n in mounts if volumes.get(n) == claim]
    expect(any(path == m or path.startswith(m.rstrip("/") + "/") for m in shared),
           "%s (%s) is on the shared volume %s (mounted at %s)" % (what, path, claim, ", ".join(shared) or "nowhere"))
    return shared[0]


def check(grade_path, shards):
    volume = load(os.path.join(DEPLOY, "volumes.yaml"))
    expect(volume["kind"] == "PersistentVolumeClaim", "volumes.yaml is a PersistentVolumeClaim")
    expect("ReadWriteMany" in volume["spec"]["accessModes"], "the volume is ReadWriteMany (pods on several nodes)")
    claim = volume["metadata"]["name"]

    grade = load(grade_path)
    expect((grade["apiVersion"], grade["kind"]) == ("batch/v1", "Job"), "grade: a batch/v1 Job")
    spec = grade["spec"]
    expect(spec.get("completionMode") == "Indexed", "grade: completionMode Indexed (JOB_COMPLETION_INDEX in every pod)")
    expect(spec.get("completions") == shards, "grade: completions == %d shards" % shards)
    expect(1 <= spec.get("parallelism", 1) <= spec["completions"], "grade: 1 <= parallelism <= completions")
    if "backoffLimitPerIndex" in spec:
        expect(spec.get("maxFailedIndexes") == 0, "grade: a shard that keeps failing fails the Job (maxFailedIndexes 0)")
    pod, box = container(grade, "grade")
    command = box["command"]
    expect(command[:2] == ["grader", "batch"], "grade: runs grader batch")
    expect(option(command, "--shard") == "auto", "grade: --shard auto")
    expect("--resume" in command, "grade: --resume (a retried pod keeps what it finished)")
    env = env_of(box)
    expect(env.get("GRADER_SHARD_COUNT") == str(shards), "grade: GRADER_SHARD_COUNT == completions (%d)" % shards)
    expect(option(command, "--shards") in (None, str(shards)), "grade: no --shards that disagrees")
    expect("JOB_COMPLETION_INDEX" not in env, "grade: JOB_COMPLETION_INDEX left to the control plane")
    jobs = option(command, "--jobs")
    cpu = str(box["resources"]["requests"]["cpu"])
    expect(jobs is not None and jobs == cpu, "grade: --jobs %s == the CPUs requested (%s)" % (jobs, cpu))
    class_dir, out = command[2], option(command, "--out")
    mount = mounted(pod, box, claim, class_dir, "grade: the class")
    mounted(pod, box, claim, out, "grade: the output")
    mounted(pod, box, claim, env.get("GRADER_CACHE_DIR", ""), "grade: GRADER_CACHE_DIR")

    merge = load(os.path.join(DEPLOY, "merge-job.yaml"))
    expect((merge["apiVersion"], merge["kind"]) == ("batch/v1", "Job"), "merge: a batch/v1 Job")
    expect(merge["spec"].get("completions", 1) == 1 and "completionMode" not in merge["spec"], "merge: one pod")
    merge_pod, merge_box = container(merge, "merge")
    merge_command = merge_box["command"]
    expect(merge_command[:3] == ["grader", "merge", out], "merge: grader merge %s (the grade Job's --out)" % out)
    expect(merge_box["image"] == box["image"], "merge: the grade Job's image (%s)" % box["image"])
    mounted(merge_pod, merge_box, claim, out, "merge: the output")
    expect(env_of(merge_box).get("GRADER_CONFIG") == env.get("GRADER_CONFIG"), "merge: the grade Job's GRADER_CONFIG")

    with open(os.path.join(DEPLOY, "Dockerfile")) as handle:
        dockerfile = handle.read()
    image = re.search(r"^ARG SWIFT_IMAGE=(\S+)$", dockerfile, re.M)
    expect(image is not None and re.fullmatch(r"swift:[0-9.]+-bookworm", image.group(1)) is not None,
           "Dockerfile: the official Swift image, full toolchain (%s)" % (image.group(1) if image else "none"))
    froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    expect(froms and all(f == "${SWIFT_IMAGE}" for f in froms), "Dockerfile: every stage FROM ${SWIFT_IMAGE}")
    expect("/usr/local/bin/grader" in dockerfile and command[0] == "grader", "Dockerfile: grader on PATH")
    expect("COPY --from=build /usr/local/bin/grader-worker /usr/local/bin/grader-worker" in dockerfile,
           "Dockerfile: grader-worker beside the grader (else the workers run as the grader, slower)")

    with open(os.path.join(ROOT, "deploy", "slurm", "grade.sbatch")) as handle:
        sbatch = handle.read()
    expect(re.search(r'batch "\$class" --out "\$out" --shard auto --resume', sbatch) is not None,
           "grade.sbatch shards the same way: grader batch CLASS --out OUT --shard auto --resume")
    with open(os.path.join(ROOT, "deploy", "slurm", "merge.sbatch")) as handle:
        expect('merge "$out"' in handle.read(), "merge.sbatch merges the same way: grader merge OUT")
    return {"grade": (command, env), "merge": (merge_command, env_of(merge_box)), "mount": mount}


def play(plan, shards, data, grader):
    """The Jobs on this machine: every index at once, then the merge."""
    mount = plan["mount"].rstrip("/")

    def local(word):
        return data + word[len(mount):] if word == mount or word.startswith(mount + "/") else word

    def run_env(env, extra):
        variables = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_")}
        variables.pop("JOB_COMPLETION_INDEX", None)
        variables.update({k: local(v) for k, v in env.items() if v is not None})
        variables.update(extra)
        return variables

    command, env = plan["grade"]
    pods = []
    for index in range(shards):
        log = open(os.path.join(data, "pod-%d.log" % index), "w")
        argv = [grader] + [local(w) for w in command[1:]]
        pods.append((index, subprocess.Popen(argv, env=run_env(env, {"JOB_COMPLETION_INDEX": str(index)}),
                                             stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL), log))
    for index, pod, log in pods:
        status = pod.wait()
        log.close()
        with open(log.name) as handle:
            first = handle.readline().strip()
        expect(status == 0, "pod %d of %d exited 0 (%s)" % (index, shards, first))
        expect("shard %d of %d" % (index, shards) in first, "pod %d graded shard %d of %d" % (index, index, shards))
    merge_command, merge_env = plan["merge"]
    merged = subprocess.run([grader] + [local(w) for w in merge_command[1:]], env=run_env(merge_env, {}),
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    expect(merged.returncode == 0, "the merge Job's command exited 0 (%s)" % (merged.stdout.strip() or merged.stderr.strip()))


def main(argv):
    if len(argv) not in (3, 6) or not argv[2].isdigit() or (len(argv) == 6 and argv[3] != "--run"):
        sys.exit(__doc__.splitlines()[0])
    shards = int(argv[2])
    plan = check(argv[1], shards)
    if len(argv) == 6:
        play(plan, shards, os.path.abspath(argv[4]), os.path.abspath(argv[5]))


if __name__ == "__main__":
    main(sys.argv)

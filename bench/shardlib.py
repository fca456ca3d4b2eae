#!/usr/bin/env python3
"""Helpers for bench/shards.sh. Standard library only (Debian's python3).

    shardlib.py synth SRC OUT N SHARDS   a report folder of N students (s00000...) made from the reports
                                         in SRC, with the manifests SHARDS shards would have written
    shardlib.py sizes N SHARDS           the largest and smallest shard of N students s00000...
    shardlib.py estimate KEY=VALUE...    the cost of a class on many nodes, as markdown lines
"""
import hashlib
import json
import os
import shutil
import sys


def shard(name, count):
    digest = hashlib.sha256(b"bpg-shard-v1\0" + name.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def synth(src, out, count, shards):
    """OUT/<s00000>/<exercise>.json copied round-robin from SRC's students, and one complete manifest
    per shard (taken from one of SRC's, with the new class): what `grader merge` reads at scale."""
    sources = sorted(name for name in os.listdir(src) if not name.startswith(".")
                     and os.path.isdir(os.path.join(src, name)))
    manifests = sorted(os.listdir(os.path.join(src, ".shards")))
    with open(os.path.join(src, ".shards", manifests[0])) as handle:
        template = json.load(handle)
    names = ["s%05d" % i for i in range(count)]
    for i, name in enumerate(names):
        source = os.path.join(src, sources[i % len(sources)])
        target = os.path.join(out, name)
        os.makedirs(target, exist_ok=True)
        for report in os.listdir(source):
            if report.endswith(".json") and not report.startswith("."):
                shutil.copyfile(os.path.join(source, report), os.path.join(target, report))
    os.makedirs(os.path.join(out, ".shards"), exist_ok=True)
    sizes = [0] * shards
    for name in names:
        sizes[shard(name, shards)] += 1
    for index in range(shards):
        manifest = dict(template, shard=index, shards=shards, classFolders=names, students=sizes[index],
                        graded=3 * sizes[index], upToDate=0, notGraded=0, status="complete")
        with open(os.path.join(out, ".shards", "%d-of-%d.json" % (index, shards)), "w") as handle:
            json.dump(manifest, handle, indent=2, sort_keys=True)


def sizes(count, shards):
    found = [0] * shards
    for i in range(count):
        found[shard("s%05d" % i, shards)] += 1
    return max(found), min(found)


def estimate(values):
    """values: students, nodes, cores, per_student (s per student on one node of `cores` at --jobs
    cores), startup (s), kit (s, an empty cache), largest (students in the largest shard), merge (s,
    for this class), stagger (s between two array tasks' starts)."""
    v = {k: float(x) for k, x in values.items()}
    students, nodes = int(v["students"]), int(v["nodes"])
    per_node = students / nodes
    shard_mean = v["startup"] + per_node * v["per_student"]
    shard_max = v["startup"] + v["largest"] * v["per_student"]
    shared = v["kit"] + shard_max + v["merge"]
    staggered = shared + (nodes - 1) * v["stagger"]
    one_machine = v["startup"] + v["kit"] + students * v["per_student"] + v["merge"]
    node_hours = (nodes * shard_mean + v["kit"]) / 3600
    node_hours_private = nodes * (shard_mean + v["kit"]) / 3600
    lines = [
        "| | estimate |",
        "|---|---|",
        "| students per shard | %.0f on average, %d in the largest (the hash is not a perfect split) |"
        % (per_node, int(v["largest"])),
        "| one shard's time (start-up + students × per-student time) | %.0f s on average, %.0f s for the largest |"
        % (shard_mean, shard_max),
        "| wall time, shared GRADER_CACHE_DIR (kit built once, then the largest shard, then the merge) | "
        "%.0f s (%.1f min) |" % (shared, shared / 60),
        "| … if the array starts one task every %.1f s (this one-node controller's pace) | %.0f s (%.1f min) |"
        % (v["stagger"], staggered, staggered / 60),
        "| … without a shared cache (each node builds the kit: same wall time, %d kit builds) | %.0f s |"
        % (nodes, shared),
        "| node time (cores × time / cores per node), shared cache | %.2f node-hours |" % node_hours,
        "| node time without a shared cache | %.2f node-hours |" % node_hours_private,
        "| the same class on one such node | %.0f s (%.1f h) |" % (one_machine, one_machine / 3600),
        "| speed-up on %d nodes | %.1fx (ideal %dx) |" % (nodes, one_machine / shared, nodes),
    ]
    print("\n".join(lines))


def main(argv):
    command = argv[1] if len(argv) > 1 else "help"
    if command == "synth":
        synth(argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif command == "sizes":
        print("%d %d" % sizes(int(argv[2]), int(argv[3])))
    elif command == "estimate":
        estimate(dict(arg.split("=", 1) for arg in argv[2:]))
    else:
        sys.stdout.write(__doc__)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

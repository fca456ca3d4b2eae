#!/usr/bin/env python3
"""shards.py COUNT FOLDER: the shard of every student folder under FOLDER, one `<shard>\t<name>` a line.

The grader's partition (Sources/GraderCore/Batch/Shard.swift), recomputed independently: the
first 64 bits of SHA-256("bpg-shard-v1" + a zero byte + the folder name's bytes), modulo COUNT.
"""
import hashlib
import os
import sys


def shard(name_bytes, count):
    digest = hashlib.sha256(b"bpg-shard-v1\0" + name_bytes).digest()
    return int.from_bytes(digest[:8], "big") % count


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.exit(__doc__.splitlines()[0])
    count = int(argv[1])
    folder = os.fsencode(argv[2])
    for name in sorted(os.listdir(folder)):
        if name.startswith(b".") or not os.path.isdir(os.path.join(folder, name)):
            continue
        print("%d\t%s" % (shard(name, count), os.fsdecode(name)))


if __name__ == "__main__":
    main(sys.argv)

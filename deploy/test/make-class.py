#!/usr/bin/env python3
"""make-class.py EXAMPLES OUT N [TAG]: a class of N student folders made from the sample students.

Student i takes each of its files from a sample student (Examples/submissions: right answers,
classic mistakes, a crash, a ReLU that never returns, a compile error, a missing file), mixing the
samples so that the class has many different grades; every file gets a comment naming the student,
so every submission is new to the plugin cache. The first students have names that test the
report folder and grades.csv: accents, a quote, a space, a formula, a percent sign, a class-level
file's name. Deterministic: the same arguments make the same bytes. Python's standard library only.
"""
import os
import sys

FILES = ["FullyConnected.swift", "Activations.swift", "Losses.swift"]
EDGE_NAMES = ["zoé", "o'brien", "with space", "=SUM(A1)", "%percent", "grades.csv", "名前-ünï"]


def make(examples, out, count, tag="class"):
    samples = sorted(name for name in os.listdir(examples) if os.path.isdir(os.path.join(examples, name)))
    if not samples:
        sys.exit("make-class.py: no sample students in %s" % examples)
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        name = EDGE_NAMES[i] if i < len(EDGE_NAMES) else "s%04d-%s" % (i, samples[i % len(samples)])
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        for j, file in enumerate(FILES):
            sample = samples[(i + j * (i // len(samples))) % len(samples)]
            source = os.path.join(examples, sample, file)
            if not os.path.exists(source):
                continue  # that sample has no such file: a missing submission
            with open(source, "rb") as handle:
                data = handle.read()
            comment = "\n// %s: student %d (%s), %s from %s\n" % (tag, i, name, file, sample)
            with open(os.path.join(folder, file), "wb") as handle:
                handle.write(data + comment.encode())


def main(argv):
    if len(argv) not in (4, 5) or not argv[3].isdigit():
        sys.exit(__doc__.splitlines()[0])
    make(argv[1], argv[2], int(argv[3]), argv[4] if len(argv) == 5 else "class")


if __name__ == "__main__":
    main(sys.argv)

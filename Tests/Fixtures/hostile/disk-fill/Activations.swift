// Hostile fixture disk-fill: on its first call ReLU.backward tries to fill the disk it can write:
// one big file, thousands of small files, and a folder tree 3000 levels deep, in its working folder
// (and in /tmp, should it see one). Its folder is a 16 MB tmpfs of its own that vanishes with it,
// so nothing reaches the host's disk and nothing is left behind. It then returns the right
// gradient. Sigmoid is correct. Expected: both classes full marks, and no file of it remains.
import ExerciseKit
import Glibc

var filled = false

func fill(_ folder: String) {
    var written = 0
    let big = open(folder + "/big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if big >= 0 {
        let chunk = [UInt8](repeating: 0x42, count: 1 << 20)
        for _ in 0..<4096 {
            let count = chunk.withUnsafeBytes { write(big, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            written += count
        }
        close(big)
    }
    var files = 0
    for index in 0..<100_000 {
        let descriptor = open(folder + "/f\(index)", O_WRONLY | O_CREAT, 0o644)
        if descriptor < 0 { break }
        close(descriptor)
        files += 1
    }
    var depth = 0
    if chdir(folder) == 0 {
        while depth < 3000, mkdir("d", 0o700) == 0, chdir("d") == 0 { depth += 1 }
    }
    print("\(folder): \(written >> 20) MB in one file, \(files) files, \(depth) levels deep")
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
        if !filled {
            filled = true
            // Past the file-size limit a write fails instead of killing the process.
            signal(SIGXFSZ, SIG_IGN)
            var buffer = [CChar](repeating: 0, count: 4096)
            let here = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
            fill(here)
            fill("/tmp")
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}

// Hostile fixture network: on its first call ReLU.backward tries to reach the network: TCP to
// 127.0.0.1:47613 and [::1]:47613 (where a test may be listening), TCP to 1.1.1.1:80, UDP to
// 1.1.1.1:53, and the abstract Unix socket "bpg-hostile-probe". If anything connects it returns a
// wrong gradient. Sigmoid is correct. Expected: every attempt fails, both classes full marks.
import ExerciseKit
import Glibc

/// Whether the attempts were made (by the first case; the others only compute).
var triedNetwork = false
/// Whether any attempt got through.
var reachedNetwork = false

/// Connects a socket of `family` and `type` to `address` (of `length` bytes); says how it went.
func attempt(_ label: String, family: Int32, type: Int32, address: UnsafeRawPointer, length: Int) -> String {
    let descriptor = socket(family, type, 0)
    guard descriptor >= 0 else { return "\(label): socket refused, errno \(errno)" }
    defer { close(descriptor) }
    let status = connect(descriptor, address.assumingMemoryBound(to: sockaddr.self), socklen_t(length))
    guard status == 0 else { return "\(label): connect refused, errno \(errno)" }
    if type == Int32(SOCK_DGRAM.rawValue) {
        let probe: [UInt8] = [0x42, 0x50, 0x47]
        let sent = probe.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent > 0 else { return "\(label): send refused, errno \(errno)" }
    }
    reachedNetwork = true
    return "\(label): CONNECTED"
}

func inet(_ label: String, _ text: String, _ port: UInt16, type: Int32) -> String {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    _ = inet_pton(AF_INET, text, &address.sin_addr)
    return withUnsafeBytes(of: &address) { raw in
        attempt(label, family: AF_INET, type: type, address: raw.baseAddress!, length: raw.count)
    }
}

func inet6Loopback(_ port: UInt16) -> String {
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_port = port.bigEndian
    _ = inet_pton(AF_INET6, "::1", &address.sin6_addr)
    return withUnsafeBytes(of: &address) { raw in
        attempt(
            "tcp [::1]:\(port)", family: AF_INET6, type: Int32(SOCK_STREAM.rawValue), address: raw.baseAddress!,
            length: raw.count)
    }
}

func abstractUnix(_ name: String) -> String {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = [UInt8(0)] + Array(name.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in bytes.enumerated() { raw[index] = byte }
    }
    let length = MemoryLayout<sa_family_t>.size + bytes.count
    return withUnsafeBytes(of: &address) { raw in
        attempt(
            "unix @\(name)", family: AF_UNIX, type: Int32(SOCK_STREAM.rawValue), address: raw.baseAddress!,
            length: length)
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
        if !triedNetwork {
            triedNetwork = true
            let stream = Int32(SOCK_STREAM.rawValue)
            let results = [
                inet("tcp 127.0.0.1:47613", "127.0.0.1", 47613, type: stream),
                inet6Loopback(47613),
                inet("tcp 1.1.1.1:80", "1.1.1.1", 80, type: stream),
                inet("udp 1.1.1.1:53", "1.1.1.1", 53, type: Int32(SOCK_DGRAM.rawValue)),
                abstractUnix("bpg-hostile-probe"),
            ]
            print(results.joined(separator: "\n"))
        }
        if reachedNetwork { return dout }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}

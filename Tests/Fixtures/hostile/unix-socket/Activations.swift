// Hostile fixture unix-socket: on its first call ReLU.backward tries to reach UNIX sockets of the
// host: a world-writable pathname socket a test listens on (/tmp/bpg-hostile-unix.sock), a tmux
// server's (/tmp/tmux-<uid>/default), an ssh agent's ($SSH_AUTH_SOCK is scrubbed, so a guessed
// path), D-Bus and nscd, and the abstract socket "bpg-hostile-probe". Pathname sockets are not
// governed by Landlock: the minimal root hides them and seccomp refuses every socket. If anything
// connects it returns a wrong gradient. Sigmoid is correct. Expected: every attempt fails, both
// classes full marks, and the test's listener is never reached.
import ExerciseKit
import Glibc

var tried = false
var reached = false

/// Connects an AF_UNIX stream socket to `path` (a leading "@" for the abstract namespace).
func reach(_ path: String) -> String {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return "\(path): socket refused, errno \(errno)" }
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    var bytes = Array(path.utf8)
    if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in bytes.prefix(raw.count - 1).enumerated() { raw[index] = byte }
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, length) }
    }
    guard status == 0 else { return "\(path): connect refused, errno \(errno)" }
    reached = true
    return "\(path): CONNECTED"
}

func tryEverything() {
    let uid = getuid()
    for path in [
        "/tmp/bpg-hostile-unix.sock", "/tmp/tmux-\(uid)/default", "/tmp/tmux-0/default", "/tmp/tmux-1001/default",
        "/run/user/\(uid)/bus", "/var/run/dbus/system_bus_socket", "/var/run/nscd/socket", "/tmp/ssh-agent.sock",
        "@bpg-hostile-probe",
    ] {
        print(reach(path))
    }
    // socketpair reaches nobody: allowed, and harmless.
    var pair: [Int32] = [-1, -1]
    print("socketpair: \(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 ? "made" : "refused")")
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
        if !tried {
            tried = true
            tryEverything()
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return reached ? dout : dout * keep
    }
}

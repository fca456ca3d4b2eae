// Hostile fixture fork-children: on its first call ReLU.backward starts processes that would run
// forever: an orphaned grandchild in its own session, /bin/sleep through posix_spawn, and as many
// forked children as the process limit allows. Each renames itself "bpg-hostile-fk" (and sleep
// gets the argument 987654) so that a test can look for them afterwards. It then returns the right
// gradient; Sigmoid is correct. Expected: both classes full marks, and no process left behind.
import ExerciseKit
import Glibc

/// Whether the children were started (by the first case; the others only compute).
var startedChildren = false

/// A child's life: take the marker name, then sleep until killed.
func sleepForever() -> Never {
    // pthread_setname_np is missing from Swift's Glibc module: look it up.
    typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    if let symbol = dlsym(nil, "pthread_setname_np") {
        _ = unsafeBitCast(symbol, to: SetName.self)(pthread_self(), "bpg-hostile-fk")
    }
    while true { pause() }
}

/// Starts every kind of child and says how it went.
func startChildren() -> String {
    // An orphan: its parent exits at once, and it leaves the session.
    let middle = fork()
    if middle == 0 {
        if fork() == 0 {
            _ = setsid()
            sleepForever()
        }
        _exit(0)
    }
    if middle > 0 {
        var status: Int32 = 0
        _ = waitpid(middle, &status, 0)
    }
    // Another program.
    var spawned: pid_t = 0
    let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("987654"), nil]
    let spawnStatus = posix_spawn(&spawned, "/bin/sleep", nil, nil, arguments, nil)
    // As many children as the limit allows.
    var forked = 0
    var refused = 0
    for _ in 0..<64 {
        let child = fork()
        if child == 0 { sleepForever() }
        if child > 0 { forked += 1 } else { refused += 1 }
    }
    return "forked \(forked) children, \(refused) refused; posix_spawn(/bin/sleep) returned \(spawnStatus)"
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
        if !startedChildren {
            startedChildren = true
            print(startChildren())
        }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}

// Hostile fixture reuse-stale-state (issue 15): Sigmoid is graded first and, on its first call,
// changes everything of its process that a later class in the same process would inherit: globals
// and static state, a thread left running that keeps setting them, a signal handler, its standard
// output, its environment, umask, working folder and descriptor limit, and a leak of most of its
// address space. It also tries to stop its parent. ReLU, graded next, returns the right gradient
// only when it finds none of that, and a wrong one (the mask ignored) otherwise.
// Expected: both classes full marks, as each would get alone; ReLU runs in a fresh copy of the
// same worker (nothing here is left outside Sigmoid's own process).
import ExerciseKit
import Glibc

/// Set by Sigmoid and by the thread it leaves running.
nonisolated(unsafe) var poisoned = false

/// Static state of a type both classes use.
enum Shared {
    nonisolated(unsafe) static var sigmoidCalls = 0
}

/// Whether Sigmoid has done its damage (its first case).
nonisolated(unsafe) var damaged = false

/// The signal handler Sigmoid installs: it would mark ReLU's process, had ReLU inherited it.
func markPoisoned(_ signal: Int32) {
    poisoned = true
}

/// Everything Sigmoid changes in its own process.
func damage() -> String {
    poisoned = true
    var thread = pthread_t()
    let started = pthread_create(
        &thread, nil,
        { _ in
            while true {
                poisoned = true
                usleep(1000)
            }
        }, nil)
    signal(SIGWINCH, markPoisoned)
    let silent = open("/dev/null", O_WRONLY)
    if silent >= 0 { _ = dup2(silent, 1) }
    setenv("BPG_REUSE_POISON", "1", 1)
    umask(0o777)
    _ = chdir("/")
    var limit = rlimit(rlim_cur: 8, rlim_max: 64)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    let leak = malloc(1_200 << 20)
    let stop = kill(getppid(), SIGSTOP)
    let stopError = stop == 0 ? 0 : errno
    return "thread started: \(started == 0); leaked: \(leak != nil); kill(parent, SIGSTOP) returned \(stop), "
        + "errno \(stopError)"
}

/// What ReLU finds of Sigmoid's changes, if anything.
func traces() -> [String] {
    var found: [String] = []
    raise(SIGWINCH)
    if poisoned { found.append("a global, set by Sigmoid, its thread or its signal handler") }
    if Shared.sigmoidCalls > 0 { found.append("static state") }
    var status = stat()
    if fstat(1, &status) != 0 || (status.st_mode & S_IFMT) != S_IFIFO { found.append("standard output moved") }
    if getenv("BPG_REUSE_POISON") != nil { found.append("the environment") }
    let mask = umask(0o022)
    if mask == 0o777 { found.append("the umask") }
    var buffer = [CChar](repeating: 0, count: 4096)
    if let folder = getcwd(&buffer, buffer.count), String(cString: folder) == "/" { found.append("the folder") }
    var limit = rlimit()
    if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur == 8 {
        found.append("the descriptor limit")
    }
    if let room = malloc(1_200 << 20) { free(room) } else { found.append("the leaked address space") }
    return found
}

/// Whether ReLU has said what it found (its first case).
nonisolated(unsafe) var reported = false

final class Sigmoid {
    var out: Tensor?

    init() {}

    func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    func backward(_ dout: Tensor) -> Tensor {
        Shared.sigmoidCalls += 1
        if !damaged {
            damaged = true
            let line = damage() + "\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
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
        let found = traces()
        if !reported {
            reported = true
            print(found.isEmpty ? "ReLU found nothing of Sigmoid" : "ReLU found: " + found.joined(separator: ", "))
        }
        if !found.isEmpty { return dout }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}

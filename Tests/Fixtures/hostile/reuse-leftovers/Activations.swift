// Hostile fixture reuse-leftovers (issue 15): Sigmoid is graded first and, on its first call,
// leaves things outside its own process for a later class of the same worker to find: a file in its
// folder, a child that keeps running, a System V semaphore set (only inside a sandbox's namespaces,
// where it vanishes with them), and changes to its parent (the worker): a lower descriptor limit, a
// lower priority. It also tries a POSIX message queue. ReLU, graded next, returns the right
// gradient only when it finds none of that, and a wrong one (the mask ignored) otherwise.
// Expected: both classes full marks, as each would get alone; the worker is replaced before ReLU.
import ExerciseKit
import Glibc

/// The semaphore set's key.
let semaphoreKey: key_t = 0x4250_4715

/// Whether Sigmoid has left its things (its first case).
nonisolated(unsafe) var left = false

/// glibc's mq_open, which Swift cannot call directly (it takes variable arguments).
func openQueue(_ name: String, _ flags: Int32) -> Int32 {
    typealias Open = @convention(c) (UnsafePointer<CChar>, Int32, mode_t, UnsafeRawPointer?) -> Int32
    guard let symbol = dlsym(nil, "mq_open") else { return -1 }
    return unsafeBitCast(symbol, to: Open.self)(name, flags, 0o600, nil)
}

/// glibc's prlimit, which Swift's Glibc module does not declare: sets another process's limit.
func setLimit(of process: pid_t, _ resource: Int32, to value: rlim_t) -> Int32 {
    typealias Prlimit = @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32
    guard let symbol = dlsym(nil, "prlimit") else { return -1 }
    var limit = rlimit(rlim_cur: value, rlim_max: value)
    return unsafeBitCast(symbol, to: Prlimit.self)(process, resource, &limit, nil)
}

/// Everything Sigmoid leaves behind.
func leave() -> String {
    var report: [String] = []
    let file = open("left-by-sigmoid", O_WRONLY | O_CREAT, 0o644)
    report.append("file: \(file >= 0)")
    if file >= 0 { close(file) }
    let child = fork()
    if child == 0 {
        typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
        if let symbol = dlsym(nil, "pthread_setname_np") {
            _ = unsafeBitCast(symbol, to: SetName.self)(pthread_self(), "bpg-hostile-rl")
        }
        while true { pause() }
    }
    report.append("child: \(child > 0)")
    // A small pid: a PID namespace of the grader's, hence an IPC namespace that dies with it.
    if getpid() < 100 { report.append("semaphores: \(semget(semaphoreKey, 1, IPC_CREAT | 0o600) >= 0)") }
    report.append("prlimit(parent): \(setLimit(of: getppid(), Int32(RLIMIT_NOFILE.rawValue), to: 32))")
    report.append("setpriority(parent): \(setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(getppid()), 7))")
    let queue = openQueue("/bpg-reuse", O_CREAT | O_RDWR)
    report.append("mq_open: \(queue >= 0 ? "opened" : "refused, errno \(errno)")")
    return report.joined(separator: "; ")
}

/// What ReLU finds of Sigmoid's leftovers, if anything.
func leftovers() -> [String] {
    var found: [String] = []
    if access("left-by-sigmoid", F_OK) == 0 { found.append("the file") }
    if semget(semaphoreKey, 0, 0) >= 0 { found.append("the semaphore set") }
    var limit = rlimit()
    if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_max == 32 {
        found.append("the descriptor limit")
    }
    errno = 0
    if getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == 7 { found.append("the priority") }
    let queue = openQueue("/bpg-reuse", O_RDONLY)
    if queue >= 0 { found.append("the message queue") }
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
        if !left {
            left = true
            print(leave())
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
        let found = leftovers()
        if !reported {
            reported = true
            print(found.isEmpty ? "ReLU found nothing of Sigmoid" : "ReLU found: " + found.joined(separator: ", "))
        }
        if !found.isEmpty { return dout }
        let keep = Tensor(shape: dout.shape, scalars: mask.map { $0 ? 0.0 : 1.0 })
        return dout * keep
    }
}

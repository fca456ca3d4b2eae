import CSandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A process started by the C boundary under a ``SandboxPolicy``: how to start it, wait for it and
/// kill it with everything it started.
///
/// The first start that asks for a minimal root learns whether this kernel builds one; when it
/// refuses, that start and every later one fall back to the host's tree (`minimal-root` is then
/// missing from the mechanisms, and the grader says so).
struct SandboxedProcess {
    /// What to start.
    struct Launch {
        /// Its arguments, the executable's name first, for the policy it gets (paths differ with and
        /// without a minimal root).
        var arguments: @Sendable (SandboxPolicy) -> [String]
        /// Descriptors 0, 1, 2, ... of the process.
        var descriptors: [Int32]
        /// Address space, CPU seconds, processes, open files, file size.
        var limits: bpg_limits
        /// Whether to ask for namespaces at all (off only to test the fallback).
        var namespaces: Bool
        /// The host folder a minimal root is built on.
        var rootDirectory: String
        /// The policy, for a minimal root or without one.
        var policy: @Sendable (_ minimalRoot: Bool) -> SandboxPolicy
        /// Which process this is, for messages: "a worker", "the compiler".
        var name: String
    }

    private var child: bpg_child
    /// The mechanisms in force.
    let mechanisms: [SandboxMechanism]
    /// The policy it runs under.
    let policy: SandboxPolicy

    /// Readable once the process has ended (it then holds its wait status).
    var statusDescriptor: Int32 { child.status_fd }

    /// Whether minimal roots work here: unknown until the first start that asks for one.
    private static let minimalRoots = Mutex<Bool?>(nil)

    /// Why minimal roots do not work here, once a start learnt it.
    static let minimalRootRefusal = Mutex<String?>(nil)

    /// Starts the process.
    ///
    /// - Throws: ``SandboxError`` when it cannot be started at all.
    static func start(_ launch: Launch) throws -> SandboxedProcess {
        let wanted = launch.namespaces && (minimalRoots.withLock { $0 } ?? true)
        do {
            return try start(launch, policy: launch.policy(wanted))
        } catch let failure as SpawnFailure where wanted && failure.step == BPG_STEP_ROOT.rawValue {
            minimalRoots.withLock { $0 = false }
            minimalRootRefusal.withLock { $0 = failure.description }
            return try start(launch, policy: launch.policy(false))
        } catch let failure as SpawnFailure {
            throw SandboxError.cannotStart(process: launch.name, step: failure.stepName, reason: failure.reason)
        }
    }

    private static func start(_ launch: Launch, policy: SandboxPolicy) throws -> SandboxedProcess {
        let strings = CStringPool()
        var mounts = policy.mounts.map { mount in
            bpg_mount(
                kind: mount.kind.rawValue,
                flags: Int32(
                    (mount.writable ? BPG_MOUNT_WRITABLE.rawValue : 0) | (mount.device ? BPG_MOUNT_DEVICE.rawValue : 0)
                        | (mount.optional ? BPG_MOUNT_OPTIONAL.rawValue : 0)
                        | (mount.owned ? BPG_MOUNT_OWNED.rawValue : 0)),
                source: UnsafePointer(strings.keep(mount.source)), target: UnsafePointer(strings.keep(mount.target)),
                options: mount.options.isEmpty ? nil : UnsafePointer(strings.keep(mount.options)))
        }
        let read = strings.keep(list: policy.readPaths)
        let execute = strings.keep(list: policy.executePaths)
        let write = strings.keep(list: policy.writePaths)
        let arguments = launch.arguments(policy)
        let argv = strings.keep(list: arguments)
        let envp = strings.keep(list: policy.environment)
        var child = bpg_child()
        var step: Int32 = 0
        var index: Int32 = -1
        let scrub = MemoryLayoutOfSelf.commandLineAndEnvironment
        let status: Int32 = launch.descriptors.withUnsafeBufferPointer { fds in
            mounts.withUnsafeMutableBufferPointer { mountBuffer in
                var request = bpg_spawn_request()
                request.path = UnsafePointer(strings.keep(arguments.first ?? ""))
                request.argv = argv.mutable
                request.envp = envp.mutable
                request.workdir = UnsafePointer(strings.keep(policy.workDirectory))
                request.fds = fds.baseAddress
                request.fd_count = Int32(fds.count)
                request.namespaces = launch.namespaces ? Int32(BPG_NS_ALL.rawValue) : Int32(BPG_NS_NONE.rawValue)
                request.own_ids = policy.ownIDs ? 1 : 0
                request.limits = launch.limits
                request.root = policy.buildsMinimalRoot ? UnsafePointer(strings.keep(launch.rootDirectory)) : nil
                request.mounts = UnsafePointer(mountBuffer.baseAddress)
                request.mount_count = Int32(mountBuffer.count)
                request.landlock = 1
                request.read_paths = read.constant
                request.read_count = read.count
                request.exec_paths = execute.constant
                request.exec_count = execute.count
                request.write_paths = write.constant
                request.write_count = write.count
                request.seccomp = policy.seccomp.rawValue
                request.scrub_start = (scrub[0].start, scrub[1].start)
                request.scrub_end = (scrub[0].end, scrub[1].end)
                return bpg_spawn(&request, &child, &step, &index)
            }
        }
        guard status == 0 else {
            throw SpawnFailure(
                code: status, step: step,
                mount: index >= 0 && Int(index) < policy.mounts.count
                    ? policy.mounts[Int(index)] : nil)
        }
        if policy.buildsMinimalRoot { minimalRoots.withLock { $0 = true } }
        var mechanisms = SandboxMechanism.decode(child.mechanisms)
        if policy.buildsMinimalRoot,
            policy.mounts.contains(where: { $0.kind == .tmpfs && $0.target == policy.workDirectory })
        {
            mechanisms.append(.privateTemporary)
        }
        return SandboxedProcess(
            child: child, mechanisms: SandboxMechanism.allCases.filter(mechanisms.contains), policy: policy)
    }

    /// Kills the process and everything it started; `hard` kills at once (see `bpg_kill`).
    mutating func kill(hard: Bool = false) {
        bpg_kill(&child, hard ? 1 : 0)
    }

    /// Waits for the process (after ``kill(hard:)``, or once ``statusDescriptor`` is readable) and
    /// returns its wait status. Kills it hard if its reaper does not end within two seconds.
    mutating func reap() -> Int32 {
        if child.pid <= 0 { return 0 }
        var pollEntry = pollfd(fd: child.status_fd, events: Int16(POLLIN), revents: 0)
        if child.status_fd >= 0 && poll(&pollEntry, 1, 2000) == 0 { bpg_kill(&child, 1) }
        var status: Int32 = 0
        _ = bpg_reap(&child, &status)
        return status
    }
}

/// A failed `bpg_spawn`.
struct SpawnFailure: Error, CustomStringConvertible {
    var code: Int32
    var step: Int32
    var mount: SandboxPolicy.Mount?

    var reason: String {
        var text = CError.reason(code)
        if let mount { text += " (building the sandbox root: \(mount.kind) \(mount.target))" }
        return text
    }

    var stepName: String {
        switch UInt32(step) {
        case BPG_STEP_PIPES.rawValue: "creating pipes"
        case BPG_STEP_CLONE.rawValue: "creating the process"
        case BPG_STEP_ID_MAP.rawValue: "mapping its user id"
        case BPG_STEP_SYNC.rawValue: "waiting for the grader"
        case BPG_STEP_ROOT.rawValue: "building its root"
        case BPG_STEP_FORK.rawValue: "forking it from its reaper"
        case BPG_STEP_DESCRIPTORS.rawValue: "redirecting descriptors"
        case BPG_STEP_WORKDIR.rawValue: "entering its folder"
        case BPG_STEP_LIMITS.rawValue: "setting resource limits"
        case BPG_STEP_IDS.rawValue: "switching to its own user id"
        case BPG_STEP_CAPABILITIES.rawValue: "dropping capabilities"
        case BPG_STEP_NO_NEW_PRIVS.rawValue: "setting no_new_privs"
        case BPG_STEP_LANDLOCK.rawValue: "applying Landlock"
        case BPG_STEP_SECCOMP.rawValue: "applying seccomp"
        case BPG_STEP_EXEC.rawValue: "executing it"
        default: "starting it"
        }
    }

    var description: String { "\(stepName): \(reason)" }
}

/// C strings that live as long as the pool (a spawn request's strings).
final class CStringPool {
    private var pointers: [UnsafeMutablePointer<CChar>] = []
    private var lists: [UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>] = []

    /// A NULL-terminated list and its count.
    struct List {
        var mutable: UnsafePointer<UnsafeMutablePointer<CChar>?>
        var count: Int32
        var constant: UnsafePointer<UnsafePointer<CChar>?> {
            UnsafeRawPointer(mutable).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
        }
    }

    func keep(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text) ?? strdup("")
        guard let pointer else { preconditionFailure("out of memory copying a string") }
        pointers.append(pointer)
        return pointer
    }

    func keep(list texts: [String]) -> List {
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: texts.count + 1)
        for (offset, text) in texts.enumerated() { list[offset] = keep(text) }
        list[texts.count] = nil
        lists.append(list)
        return List(mutable: UnsafePointer(list), count: Int32(texts.count))
    }

    deinit {
        for pointer in pointers { free(pointer) }
        for list in lists { list.deallocate() }
    }
}

/// Where this process keeps its command line and environment (from /proc/self/stat), which a
/// reaper overwrites in its copy of the grader's memory.
enum MemoryLayoutOfSelf {
    static let commandLineAndEnvironment: [(start: UInt, end: UInt)] = {
        let none: [(start: UInt, end: UInt)] = [(0, 0), (0, 0)]
        let descriptor = open("/proc/self/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return none }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return none }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
        // Fields after the command name's closing parenthesis start at field 3; arg_start is 48.
        guard let close = text.lastIndex(of: ")") else { return none }
        let fields = text[text.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> UInt? {
            let index = number - 3
            return index < fields.count ? UInt(fields[index].trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        }
        guard let argStart = field(48), let argEnd = field(49), let envStart = field(50), let envEnd = field(51),
            argEnd > argStart, envEnd > envStart
        else { return none }
        return [(argStart, argEnd), (envStart, envEnd)]
    }()
}

import CSandbox

/// One isolation mechanism around a sandboxed process, as reports name it (`sandbox` in a report).
///
/// Which ones are in force depends on the kernel, on whether the grader runs as root, and on the
/// process (the compiler and the worker get the same treatment); ``SandboxedProcess`` measures it
/// at every start.
public enum SandboxMechanism: String, CaseIterable, Codable, Sendable {
    case userNamespace = "user-namespace"
    case pidNamespace = "pid-namespace"
    case networkNamespace = "network-namespace"
    case mountNamespace = "mount-namespace"
    case privateProc = "private-proc"
    case ipcNamespace = "ipc-namespace"
    case unprivilegedUser = "unprivileged-uid"
    case noCapabilities = "no-capabilities"
    case landlockFiles = "landlock-files"
    case landlockNetwork = "landlock-network"
    case landlockScope = "landlock-scope"
    case seccomp = "seccomp"
    case minimalRoot = "minimal-root"
    case privateTemporary = "private-tmp"

    /// What it protects, in a few words (for the README and the note a missing one gets).
    public var protection: String {
        switch self {
        case .userNamespace: "the process is root of nothing: its ids are mapped to an unprivileged user outside"
        case .pidNamespace: "it cannot see or signal the grader; everything it starts dies with it"
        case .networkNamespace: "no network interfaces but a dead loopback"
        case .mountNamespace: "mounts made inside stay inside"
        case .privateProc: "/proc shows only the sandbox's own processes"
        case .ipcNamespace: "no shared memory or message queues with other processes"
        case .unprivilegedUser: "it runs as a user id that is not root (an id of its own when the grader is root)"
        case .noCapabilities: "no capabilities, no_new_privs"
        case .landlockFiles: "only the toolchain, its inputs and its own folder can be opened"
        case .landlockNetwork: "no TCP bind or connect"
        case .landlockScope: "no signals to, or abstract sockets of, processes outside the sandbox"
        case .seccomp: "no sockets at all; ptrace, mount, namespaces, keyrings, bpf and the like refused"
        case .minimalRoot: "its root holds only the toolchain, its inputs and its own folder: no /tmp, /run or /home"
        case .privateTemporary: "its writable folder is a size-capped tmpfs that vanishes with it"
        }
    }

    /// The C boundary's bit for this mechanism.
    var bit: UInt32 {
        let value: bpg_mechanism =
            switch self {
            case .userNamespace: BPG_MECH_USER_NS
            case .pidNamespace: BPG_MECH_PID_NS
            case .networkNamespace: BPG_MECH_NET_NS
            case .mountNamespace: BPG_MECH_MOUNT_NS
            case .privateProc: BPG_MECH_PRIVATE_PROC
            case .ipcNamespace: BPG_MECH_IPC_NS
            case .unprivilegedUser: BPG_MECH_UNPRIVILEGED
            case .noCapabilities: BPG_MECH_NO_CAPS
            case .landlockFiles: BPG_MECH_LANDLOCK_FS
            case .landlockNetwork: BPG_MECH_LANDLOCK_NET
            case .landlockScope: BPG_MECH_LANDLOCK_SCOPE
            case .seccomp: BPG_MECH_SECCOMP
            case .minimalRoot: BPG_MECH_MINIMAL_ROOT
            case .privateTemporary: BPG_MECH_PRIVATE_TMP
            }
        return UInt32(value.rawValue)
    }

    /// The mechanisms whose bits are set, in declaration order.
    static func decode(_ bits: UInt32) -> [SandboxMechanism] {
        allCases.filter { bits & $0.bit != 0 }
    }

    /// The mechanisms of `all` missing from `present`, in declaration order.
    public static func missing(from present: [SandboxMechanism]) -> [SandboxMechanism] {
        allCases.filter { !present.contains($0) }
    }
}

import CSandbox

/// The isolation mechanisms in force around a worker, as measured when it started.
public struct SandboxMechanisms: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static let userNamespace = SandboxMechanisms(rawValue: UInt32(BPG_MECH_USER_NS.rawValue))
    public static let pidNamespace = SandboxMechanisms(rawValue: UInt32(BPG_MECH_PID_NS.rawValue))
    public static let networkNamespace = SandboxMechanisms(rawValue: UInt32(BPG_MECH_NET_NS.rawValue))
    public static let mountNamespace = SandboxMechanisms(rawValue: UInt32(BPG_MECH_MOUNT_NS.rawValue))
    public static let privateProc = SandboxMechanisms(rawValue: UInt32(BPG_MECH_PRIVATE_PROC.rawValue))
    public static let ipcNamespace = SandboxMechanisms(rawValue: UInt32(BPG_MECH_IPC_NS.rawValue))
    public static let unprivilegedUser = SandboxMechanisms(rawValue: UInt32(BPG_MECH_UNPRIVILEGED.rawValue))
    public static let noCapabilities = SandboxMechanisms(rawValue: UInt32(BPG_MECH_NO_CAPS.rawValue))
    public static let landlockFiles = SandboxMechanisms(rawValue: UInt32(BPG_MECH_LANDLOCK_FS.rawValue))
    public static let landlockNetwork = SandboxMechanisms(rawValue: UInt32(BPG_MECH_LANDLOCK_NET.rawValue))
    public static let landlockScope = SandboxMechanisms(rawValue: UInt32(BPG_MECH_LANDLOCK_SCOPE.rawValue))
    public static let seccomp = SandboxMechanisms(rawValue: UInt32(BPG_MECH_SECCOMP.rawValue))

    /// Every mechanism the grader knows, with what it protects, for `grader doctor`-style reports.
    public static let catalog: [(SandboxMechanisms, String, String)] = [
        (.userNamespace, "user-namespace", "the worker is root of nothing: an unprivileged user outside"),
        (.pidNamespace, "pid-namespace", "the worker cannot see or signal the grader; its children die with it"),
        (.networkNamespace, "network-namespace", "no network interfaces but a dead loopback"),
        (.mountNamespace, "mount-namespace", "mounts made inside stay inside"),
        (.privateProc, "private-proc", "/proc shows only the sandbox's own processes"),
        (.ipcNamespace, "ipc-namespace", "no shared memory or message queues with other processes"),
        (.unprivilegedUser, "unprivileged-uid", "the process-count limit is enforced"),
        (.noCapabilities, "no-capabilities", "no capabilities, no_new_privs"),
        (
            .landlockFiles, "landlock-files",
            "only the toolchain, the plugin and the worker's own directory can be opened"
        ),
        (.landlockNetwork, "landlock-network", "no TCP bind or connect"),
        (.landlockScope, "landlock-scope", "no signals to, or abstract sockets of, processes outside the sandbox"),
        (.seccomp, "seccomp", "ptrace, mount, namespaces, keyrings, bpf and similar calls are refused"),
    ]

    /// The names of the mechanisms in this set, in catalog order.
    public var names: [String] {
        SandboxMechanisms.catalog.filter { contains($0.0) }.map(\.1)
    }

    /// The names of the catalog's mechanisms missing from this set.
    public var missingNames: [String] {
        SandboxMechanisms.catalog.filter { !contains($0.0) }.map(\.1)
    }
}

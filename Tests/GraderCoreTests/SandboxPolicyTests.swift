// The sandbox policy is a pure decision: what a worker or the compiler sees, and whether root gives
// it an id of its own. Tested on described file systems, without spawning anything.

import Testing

@testable import GraderCore

@Suite("Sandbox policy")
struct SandboxPolicyTests {
    let toolchain = Toolchain(
        swiftc: "/opt/swift/usr/bin/swiftc", runtimeLibraryDirectory: "/opt/swift/usr/lib/swift/linux",
        backtracer: "/opt/swift/usr/libexec/swift/linux/swift-backtrace", version: "test")
    let kit = KitBuild(directory: "/home/ann/p/.build/grader-cache/kits/abc", key: "abc")

    /// A merged-/usr host where every file's mode lets others read it, and the checkout's folder is
    /// private (0700) when `privateCheckout`.
    func filesystem(privateCheckout: Bool) -> FileModes {
        FileModes(
            isShareable: { path, _, throughBinds in throughBinds || !(privateCheckout && path.hasPrefix("/home/ann")) },
            linkTarget: { ["/lib": "usr/lib", "/lib64": "usr/lib64"][$0] },
            isDirectory: { ["/usr/lib", "/usr/lib64"].contains($0) })
    }

    func worker(minimalRoot: Bool, privateCheckout: Bool = true) -> SandboxPolicy {
        SandboxPolicy.worker(
            executable: "/home/ann/p/.build/release/grader", toolchain: toolchain, kit: kit,
            plugin: "/home/ann/p/.build/grader-cache/plugins/ab/abc.so", minimalRoot: minimalRoot,
            hostWorkDirectory: "/tmp/bpg-worker-1-x/work", limits: WorkerLimits(wallSeconds: 20, memoryBytes: 1 << 30),
            filesystem: filesystem(privateCheckout: privateCheckout))
    }

    @Test("a worker's minimal root holds no /tmp, /run, /home or /etc of the host: only what it needs")
    func minimalRootHoldsOnlyWhatItNeeds() {
        let policy = worker(minimalRoot: true)
        let targets = policy.mounts.map(\.target)
        for forbidden in ["/tmp", "/run", "/home", "/etc", "/var", "/root"] {
            #expect(!targets.contains(forbidden), "\(forbidden) in \(targets)")
        }
        #expect(targets.contains("/home/ann/p/.build/grader-cache/plugins/ab/abc.so"), "the plugin, alone")
        #expect(targets.contains("/proc"))
        #expect(policy.mounts.contains { $0.kind == .symlink && $0.target == "/lib" && $0.source == "usr/lib" })
        #expect(policy.writePaths == ["/bpg-work", "/dev/null"])
        #expect(!policy.environment.contains { $0.hasPrefix("SSH_AUTH_SOCK") || $0.contains("/home/ann") })
        #expect(policy.seccomp == .workerServer)
    }

    @Test("root gives a worker an id of its own through binds, even from a private checkout")
    func ownIDsThroughBinds() {
        #expect(worker(minimalRoot: true, privateCheckout: true).ownIDs)
        #expect(
            !worker(minimalRoot: false, privateCheckout: true).ownIDs, "without binds the folders must be searchable")
        #expect(worker(minimalRoot: false, privateCheckout: false).ownIDs)
    }

    @Test("without a minimal root a worker may write nothing but /dev/null")
    func fallbackWritesNothing() {
        let policy = worker(minimalRoot: false)
        #expect(policy.mounts.isEmpty)
        #expect(policy.writePaths == ["/dev/null"])
        #expect(policy.readPaths.contains("/proc/self") && !policy.readPaths.contains("/proc"))
    }

    @Test("the compiler sees its folder at /submission, the module cache through an overlay, and no sockets")
    func compilerPolicy() {
        let policy = SandboxPolicy.compiler(
            toolchain: toolchain, kit: kit, moduleCache: kit.moduleCacheDirectory, workDirectory: "/c/work",
            minimalRoot: true, rootDirectory: "/c/root", limits: CompileLimits(),
            filesystem: filesystem(privateCheckout: true))
        #expect(policy.workDirectory == "/submission")
        #expect(
            policy.mounts.contains {
                $0.kind == .bind && $0.source == "/c/work" && $0.target == "/submission" && $0.owned
            })
        #expect(policy.mounts.contains { $0.kind == .overlay && $0.target == kit.moduleCacheDirectory })
        #expect(policy.environment.contains("SWIFT_BACKTRACE=enable=no"))
        #expect(policy.seccomp == .tool)
    }
}

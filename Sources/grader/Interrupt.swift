import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C, or SIGTERM (what Slurm sends at a job's time limit or on `scancel`, and Kubernetes when it
/// stops a pod, each some seconds before SIGKILL): the first one asks the grading to stop (what is
/// complete is kept and said), a second one ends the grader at once.
enum Interrupt {
    private static let requested = Atomic<Bool>(false)

    /// Whether Ctrl-C was pressed (or SIGTERM received).
    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Installs the handler.
    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                if Interrupt.requested.exchange(true, ordering: .relaxed) {
                    // The second one: the default action, now.
                    signal(received, SIG_DFL)
                    raise(received)
                }
            }
        }
    }
}

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

    /// Installs the handler, and unblocks SIGINT: a parent that started the grader from a thread
    /// blocking it (test runners do) would otherwise leave Ctrl-C without effect. Called first thing
    /// in `main`, so the threads started later inherit the unblocked mask.
    static func install() {
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigaddset(&interrupt, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)
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

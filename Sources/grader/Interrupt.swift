import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C: the first one asks the grading to stop (what is complete is kept and said), a second one
/// ends the grader at once.
enum Interrupt {
    private static let requested = Atomic<Bool>(false)

    /// Whether Ctrl-C was pressed.
    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Installs the handler.
    static func install() {
        signal(SIGINT) { _ in
            if Interrupt.requested.exchange(true, ordering: .relaxed) {
                // The second Ctrl-C: the default action, now.
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
            }
        }
    }
}

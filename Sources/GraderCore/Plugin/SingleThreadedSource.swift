/// Whether a submission's code looks as if it runs on one thread only, so that it may be compiled
/// with `-assume-single-threaded` (non-atomic reference counting in its own module): plain loops
/// over `scalars` spend most of their unoptimised time retaining and releasing arrays, and without
/// atomic instructions they take half as long. Pure: read from the source's bytes.
///
/// The check predicts; the sandbox enforces. A class of a plugin compiled this way runs in a
/// process that is killed with SIGSYS when it starts a thread (`bpg_enter_class`), whatever
/// reached `clone`: the student's code, Foundation (`FileHandle.readabilityHandler` starts one), a
/// pointer found at run time. The grader then compiles the files again with atomic counting and
/// runs that class again from the start (``AtomicRebuild``), so a wrong guess costs one compile,
/// never a verdict.
///
/// A file looks single-threaded when it imports nothing but ExerciseKit, Glibc (or Musl),
/// Foundation and the standard library, and no word of it (comments and string literals included)
/// names a way to start or share work between threads: `Thread`, Dispatch's and Foundation's
/// queues, `Task` and the rest of Swift's concurrency, `async`, `await`, `actor`, atomics and
/// mutexes, or C's `pthread_*` and `thrd_*`. Anything else is compiled with atomic counting at once.
/// The grader's worker and ExerciseKit call student code on one thread.
enum SingleThreadedSource {
    /// The modules a single-threaded submission may import.
    static let modules: Set<String> = ["ExerciseKit", "Glibc", "Musl", "Swift", "Foundation", "FoundationEssentials"]

    /// Words that name a way to run code on another thread, or to share it with one.
    static let words: Set<String> = [
        "Thread", "DispatchQueue", "DispatchGroup", "DispatchSemaphore", "DispatchWorkItem", "DispatchSource",
        "concurrentPerform", "OperationQueue", "BlockOperation", "Task", "TaskGroup", "ThrowingTaskGroup",
        "DiscardingTaskGroup", "withTaskGroup", "withThrowingTaskGroup", "withDiscardingTaskGroup",
        "withThrowingDiscardingTaskGroup", "TaskLocal", "async", "await", "actor", "MainActor", "globalActor",
        "nonisolated", "isolated", "Sendable", "Executor", "SerialExecutor", "TaskExecutor", "AsyncStream",
        "AsyncThrowingStream", "withCheckedContinuation", "withCheckedThrowingContinuation",
        "withUnsafeContinuation", "withUnsafeThrowingContinuation", "Atomic", "Mutex", "clone", "dlsym",
    ]

    /// Word prefixes of the C thread APIs.
    static let prefixes = ["pthread", "thrd_", "dispatch_", "__pthread"]

    /// Whether every one of `sources` is single-threaded.
    static func allSingleThreaded(_ sources: [[UInt8]]) -> Bool { sources.allSatisfy(isSingleThreaded) }

    /// Whether a source file's code runs on one thread only (see the type's documentation).
    static func isSingleThreaded(_ source: [UInt8]) -> Bool {
        let words = SourceImports.identifiers(source)
        if words.contains(where: { SingleThreadedSource.words.contains($0) || prefixes.contains(where: $0.hasPrefix) })
        {
            return false
        }
        guard let imported = SourceImports.modules(words: words) else { return false }
        return imported.allSatisfy(modules.contains)
    }
}

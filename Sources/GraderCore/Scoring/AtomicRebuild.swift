/// A student's builds compiled again with atomic reference counting, made the first time a class
/// of a single-threaded build tries to start a thread, and then reused for the other exercises of
/// the same grading.
///
/// A plugin compiled with `-assume-single-threaded` (``PluginBuild/singleThreaded``) runs its
/// classes in processes that are killed with SIGSYS when they start a thread (`bpg_enter_class`):
/// non-atomic counting is then safe whatever the source says. Such a class is run again with the
/// build this gives, so its verdict is the one atomic counting would have given from the start.
/// The compile is the grader's usual one (its sandbox, limits and cache) with
/// ``PluginBuilding/compile(_:atomicCounting:isCancelled:)``.
final class AtomicRebuild {
    /// What compiles.
    let compiler: any PluginBuilding
    /// The student's sources, as first compiled.
    let sources: [SubmissionSource]
    /// Polled while the compiler runs.
    let isCancelled: (@Sendable () -> Bool)?
    private var builds: [ExerciseID: PluginBuild]?

    /// Creates a rebuild of `sources`, compiled only when first asked for.
    init(compiler: any PluginBuilding, sources: [SubmissionSource], isCancelled: (@Sendable () -> Bool)?) {
        self.compiler = compiler
        self.sources = sources
        self.isCancelled = isCancelled
    }

    /// The build of `exercise` with atomic reference counting.
    ///
    /// - Returns: the build, with the seconds its compile took when this call compiled it (0 after).
    /// - Throws: as ``PluginBuilding/compile(_:atomicCounting:isCancelled:)``.
    func build(_ exercise: ExerciseID) throws -> PluginBuild? {
        if let builds { return builds[exercise].map(Self.alreadyCounted) }
        let made = try compiler.compile(sources, atomicCounting: true, isCancelled: isCancelled)
        builds = made
        return made[exercise]
    }

    /// A build whose compile time another exercise's report already counts.
    private static func alreadyCounted(_ build: PluginBuild) -> PluginBuild {
        var copy = build
        copy.compileSeconds = 0
        return copy
    }
}

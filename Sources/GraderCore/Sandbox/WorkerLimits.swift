/// The limits a worker runs under (SPEC section 6).
public struct WorkerLimits: Sendable, Equatable {
    /// Wall-clock seconds for all of a class's cases; the parent kills the worker's namespace after it.
    public var wallSeconds: Double
    /// Address space in bytes (RLIMIT_AS). Allocating past it is a "memory limit" verdict.
    public var memoryBytes: UInt64
    /// Processes the worker may have at once (RLIMIT_NPROC), itself and the crash reporter included.
    public var processes: UInt64
    /// Open descriptors (RLIMIT_NOFILE).
    public var openFiles: UInt64
    /// Largest file the worker may write (RLIMIT_FSIZE).
    public var fileSizeBytes: UInt64
    /// How much of the worker's standard output and error is kept (half from the start, half from the
    /// end); the rest is read and dropped, so printing cannot stall or bloat the grader.
    public var outputCapBytes: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - wallSeconds: the time limit (`grader.json`'s `timeLimitSeconds` or `--time-limit`).
    ///   - memoryBytes: the address-space limit (`grader.json`'s `memoryLimitMB`).
    public init(
        wallSeconds: Double, memoryBytes: UInt64, processes: UInt64 = 16, openFiles: UInt64 = 64,
        fileSizeBytes: UInt64 = 16 << 20, outputCapBytes: Int = 32 << 10
    ) {
        self.wallSeconds = wallSeconds
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.outputCapBytes = outputCapBytes
    }
}

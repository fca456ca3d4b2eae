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
    /// The size of the worker's own folder (a tmpfs, where a minimal root is built): all it may
    /// write, in bytes, and in files.
    public var diskBytes: UInt64
    /// See ``diskBytes``.
    public var diskFiles: Int
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
        fileSizeBytes: UInt64 = 16 << 20, diskBytes: UInt64 = 16 << 20, diskFiles: Int = 1024,
        outputCapBytes: Int = 32 << 10
    ) {
        self.wallSeconds = wallSeconds
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.diskBytes = diskBytes
        self.diskFiles = diskFiles
        self.outputCapBytes = outputCapBytes
    }
}

/// The limits of one compile of a student's files: the compile stage gets the worker's treatment.
public struct CompileLimits: Sendable, Equatable {
    /// Wall-clock seconds; past them the compiler's namespace is killed (`compileTimedOut`).
    public var wallSeconds: Double
    /// Address space of each compiler process (RLIMIT_AS); past it, `compileMemoryLimit`.
    public var memoryBytes: UInt64
    /// Processes and threads at once (the driver, the frontend, the linker and their threads).
    public var processes: UInt64
    /// Open descriptors.
    public var openFiles: UInt64
    /// Largest file it may write.
    public var fileSizeBytes: UInt64
    /// The size of its /tmp (a tmpfs, where a minimal root is built).
    public var temporaryBytes: UInt64
    /// How much of its output is kept.
    public var outputCapBytes: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - wallSeconds: `grader.json`'s `compileTimeLimitSeconds`.
    ///   - memoryBytes: `grader.json`'s `compileMemoryLimitMB`.
    public init(
        wallSeconds: Double = 60, memoryBytes: UInt64 = 2 << 30, processes: UInt64 = 256, openFiles: UInt64 = 1024,
        fileSizeBytes: UInt64 = 256 << 20, temporaryBytes: UInt64 = 1 << 30, outputCapBytes: Int = 1 << 20
    ) {
        self.wallSeconds = wallSeconds
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.temporaryBytes = temporaryBytes
        self.outputCapBytes = outputCapBytes
    }
}

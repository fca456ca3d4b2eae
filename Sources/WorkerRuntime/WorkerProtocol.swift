/// The private protocol between the grader and its worker process, version 4.
///
/// A worker serves one plugin for one graded class or more, one after another. Requests travel on
/// the worker's descriptor 3, each a `u64` length and the request itself, and are read whole before
/// anything of the submission is loaded; at the end of file there the worker exits. For each
/// request the worker forks a process of its own (a copy of itself that has run no student code)
/// that runs the class: it says hello, runs each case, and writes one frame per case on descriptor
/// 4 (see `FrameDecoder`, which trusts nothing in them beyond their bytes: the expected values
/// never leave the parent, so a forged frame can at most claim outputs, which are then checked like
/// any other). Once that process and everything it started have ended, the worker writes a class
/// report on descriptor 5, which no process of a class holds.
///
/// A request is `u32 magic "BPGQ"`, `u32 version`, `u32 flags` (1: forked, 2: single-threaded), the plugin's, the kit's
/// and the entry point's paths or names (`u32 length` and UTF-8 each), `u32` the number of libraries
/// to load before the worker's first class and each one's path (as the paths before), `u32` the number of cases,
/// and per case `u64` the most output scalars to send back, `u64` a length and the wire-encoded
/// inputs.
///
/// A frame is a 32-byte header (`u32 magic "BPGR"`, `u32 kind`, `u32 index`, `u32 extra`,
/// `f64 seconds`, `u64 payload length`, all little-endian) and its payload. A class report is 16
/// bytes: `u32 magic "BPGE"`, `u32` the class's number in this worker (0 for its first), `i32` the
/// wait status of the class's process, `u32` what the class left behind (``Residue``).
package enum WorkerProtocol {
    package static let requestMagic: UInt32 = 0x5147_5042  // "BPGQ"
    package static let frameMagic: UInt32 = 0x5247_5042  // "BPGR"
    package static let reportMagic: UInt32 = 0x4547_5042  // "BPGE"
    package static let version: UInt32 = 4
    /// The request flag of a class run in a process the worker forks for it.
    package static let flagForked: UInt32 = 1 << 0
    /// The request flag of a plugin compiled for one thread (``Request/singleThreaded``).
    package static let flagSingleThreaded: UInt32 = 1 << 1
    package static let requestDescriptor: Int32 = 3
    package static let resultDescriptor: Int32 = 4
    package static let reportDescriptor: Int32 = 5
    package static let frameHeaderSize = 32
    package static let reportSize = 16
    /// The largest text payload (a loader message, a symbol, a member's name) an honest worker sends.
    package static let maximumTextBytes = 4096
    /// The most libraries a request may ask to have loaded first.
    package static let maximumPreloads: UInt32 = 8
    /// The largest request the worker accepts.
    package static let maximumRequestBytes: UInt64 = 1 << 34

    /// What a worker is asked to do.
    package struct Request: Equatable {
        /// The plugin to load.
        package var pluginPath: String
        /// The ExerciseKit library, loaded first.
        package var kitLibraryPath: String
        /// The entry point of the class to drive.
        package var symbol: String
        /// Per case, the most output scalars the worker sends back: an output larger than this goes
        /// back as its shape alone (a frame of kind `oversized`).
        package var maximumScalars: [UInt64]
        /// Each case's inputs, wire-encoded (slices of the request's bytes in the worker: no copy).
        package var cases: [ArraySlice<UInt8>]
        /// Whether the class runs in a process the worker forks for it, which then reports on
        /// descriptor 5 and waits for another request; else in the worker itself, which then exits.
        package var forked: Bool
        /// Whether the plugin was compiled with non-atomic reference counting: the class's process
        /// then cannot start a thread, and is killed with SIGSYS if it tries (`bpg_enter_class`).
        package var singleThreaded: Bool
        /// Libraries of the toolchain the plugin links (Foundation), which the worker loads before
        /// its first class, so that each class's process finds them loaded instead of loading them
        /// again. Trusted code only: the grader names them, never the submission.
        package var preload: [String]

        /// Creates a request.
        package init(
            pluginPath: String, kitLibraryPath: String, symbol: String, maximumScalars: [UInt64],
            cases: [ArraySlice<UInt8>], forked: Bool = false, singleThreaded: Bool = false, preload: [String] = []
        ) {
            self.pluginPath = pluginPath
            self.kitLibraryPath = kitLibraryPath
            self.symbol = symbol
            self.maximumScalars = maximumScalars
            self.cases = cases
            self.forked = forked
            self.singleThreaded = singleThreaded
            self.preload = preload
        }
    }

    /// Frame kinds, worker to parent.
    package enum FrameKind: UInt32 {
        /// The worker read its request; nothing of the submission is loaded yet.
        case hello = 1
        /// Case `index` returned: the payload is its output tensor list.
        case result = 2
        /// Case `index`'s entry point returned a non-zero code (`extra`).
        case entryFailed = 3
        /// The plugin could not be loaded: the payload is dlerror's text.
        case loadFailed = 4
        /// The plugin lacks the class's entry point or has another ABI version: the payload names it.
        case missingEntryPoint = 5
        /// All cases ran.
        case done = 6
        /// The request could not be read.
        case badRequest = 7
        /// Case `index` returned outputs too large to send: the payload is their shapes
        /// (`u32 count`, then per output `u32 rank` or 0xFFFF_FFFF for absent, and `rank × u64`).
        case oversized = 8
        /// Case `index` reached ExerciseKit's `notImplemented()`: the payload is the member's name.
        case notImplemented = 9
        /// The class's process could not restrict itself, so it loaded nothing: the payload says
        /// why. Only ever before hello.
        case setupFailed = 10
    }

    /// One frame.
    package struct Frame: Equatable {
        package var kind: FrameKind
        package var index: UInt32
        package var extra: UInt32
        package var seconds: Double
        package var payload: [UInt8]

        /// Creates a frame.
        package init(kind: FrameKind, index: UInt32, extra: UInt32, seconds: Double, payload: [UInt8]) {
            self.kind = kind
            self.index = index
            self.extra = extra
            self.seconds = seconds
            self.payload = payload
        }
    }

    /// What a class left behind in its worker: anything makes the worker unfit for another class.
    package struct Residue: OptionSet, Equatable, Sendable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A process it started still runs.
        package static let processes = Residue(rawValue: 1 << 0)
        /// The worker's folder is not as it was: a file in it, or its mode, owner or attributes.
        package static let files = Residue(rawValue: 1 << 1)
        /// A System V shared memory segment, semaphore set or message queue exists.
        package static let ipcObjects = Residue(rawValue: 1 << 2)
        /// Something of the worker process itself changed: a limit, its priority or scheduling,
        /// or a descriptor it shares with the classes' processes.
        package static let worker = Residue(rawValue: 1 << 3)
    }

    /// What the worker says once a class's process, and all it started, have ended.
    package struct ClassReport: Equatable {
        /// The class's number in this worker: 0 for its first.
        package var sequence: UInt32
        /// The wait status of the class's process.
        package var waitStatus: Int32
        /// What the class left behind.
        package var residue: Residue

        /// Creates a report.
        package init(sequence: UInt32, waitStatus: Int32, residue: Residue) {
            self.sequence = sequence
            self.waitStatus = waitStatus
            self.residue = residue
        }
    }
}

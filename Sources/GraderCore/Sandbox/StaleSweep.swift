import Foundation

/// The one sweep of stale folders a process makes, before its first folder
/// (``SandboxFolder/removeStaleBeforeFirstFolder(in:)``). Sendable by its lock.
final class StaleSweep: @unchecked Sendable {
    /// The process's sweep, which ``SandboxFolder/make(prefix:in:)`` runs.
    static let shared = StaleSweep()

    private let lock = NSLock()
    private var directories: [String] = []

    /// Sets the folders the sweep will look in.
    func arm(_ directories: [String]) {
        lock.withLock { self.directories = directories }
    }

    /// Sweeps the armed folders, the first time only (later calls wait for it, then return).
    func runOnce() {
        lock.withLock {
            guard !directories.isEmpty else { return }
            SandboxFolder.removeStale(in: directories)
            directories = []
        }
    }
}

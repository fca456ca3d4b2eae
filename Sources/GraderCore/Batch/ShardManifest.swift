import Foundation

/// What a shard of a batch writes beside its students' reports, `OUT/.shards/<K>-of-<N>.json`: the
/// whole class as the shard listed it, what it graded with, and how far it got. Written atomically
/// when the shard starts (``Status/running``) and again when it ends, each shard its own file.
///
/// ``ClassMerger`` reads them to know the class without the class folder (so that a student whose
/// shard died is listed as missing, not forgotten), to refuse reports graded with another
/// configuration or seed, and to say which shard did not finish.
public struct ShardManifest: Codable, Sendable, Equatable {
    /// How far the shard got.
    public enum Status: String, Codable, Sendable {
        /// Started and not ended: still running, or killed.
        case running
        /// Every one of its students was graded or found up to date (``notGraded`` may say otherwise).
        case complete
        /// Stopped (Ctrl-C, SIGTERM from the scheduler) before the end.
        case interrupted
    }

    /// The folder of manifests in a report folder (hidden: never a student, see ``StudentID/folderName``).
    public static let folderName = ".shards"

    /// The manifest format's version.
    public var formatVersion: Int = 1
    /// The shard's index.
    public var shard: Int
    /// How many shards.
    public var shards: Int
    /// How far it got.
    public var status: Status
    /// The host it ran on.
    public var host: String
    /// Its process id there.
    public var pid: Int32
    /// When it started (ISO 8601, UTC).
    public var started: String
    /// When it ended, if it did.
    public var finished: String?
    /// The seed.
    public var seed: UInt64
    /// The grading key (``Grader/gradingKey``): what every report of the batch carries as
    /// ``ExerciseReport/configuration``.
    public var configuration: String
    /// The course configuration's fingerprint (``CourseConfiguration/fingerprint``).
    public var configurationFingerprint: String
    /// The exercises graded, in column order.
    public var exercises: [ExerciseID]
    /// The class folder as given to the shard.
    public var classDirectory: String
    /// Every student of the class (``StudentID/folderName``, sorted by bytes), not only this shard's.
    public var classFolders: [String]
    /// How many of them are this shard's.
    public var students: Int
    /// Jobs graded, when ended.
    public var graded: Int?
    /// Jobs kept from an earlier run, when ended.
    public var upToDate: Int?
    /// Jobs the grader could not grade, when ended.
    public var notGraded: Int?

    /// The shard.
    public var shardValue: Shard? { try? Shard(index: shard, count: shards) }

    /// The class, or `nil` when a folder name is not one ``StudentID/folderName`` makes.
    public var classStudents: [StudentID]? {
        let students = classFolders.compactMap(StudentID.init(folderName:))
        return students.count == classFolders.count ? students : nil
    }

    /// The file's name: `2-of-4.json`.
    public static func fileName(index: Int, count: Int) -> String { "\(index)-of-\(count).json" }

    /// Writes the manifest into `outputDirectory`'s ``folderName``, atomically.
    ///
    /// - Throws: ``GraderError/cannotWrite(path:reason:)``.
    public func write(to outputDirectory: String) throws {
        try AtomicFile.write(
            try ReportJSON.data(self),
            to: outputDirectory + "/" + ShardManifest.folderName + "/"
                + ShardManifest.fileName(index: shard, count: shards))
    }

    /// Every manifest in `outputDirectory`, sorted by file name.
    ///
    /// - Throws: ``GraderError/cannotRead(path:reason:)`` for a manifest that does not decode.
    public static func readAll(in outputDirectory: String) throws -> [(path: String, manifest: ShardManifest)] {
        let folder = outputDirectory + "/" + folderName
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            !$0.hasPrefix(".") && $0.hasSuffix(".json")
        }.sorted()
        return try names.map { name in
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GraderError.cannotRead(path: path, reason: "unreadable")
            }
            do {
                return (path, try ReportJSON.decode(ShardManifest.self, from: data))
            } catch {
                throw GraderError.cannotRead(path: path, reason: "not a shard manifest (\(error))")
            }
        }
    }

    /// Now, as the manifests write it.
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

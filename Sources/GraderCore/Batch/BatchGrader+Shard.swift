import Foundation

extension BatchGrader {
    /// The manifest a shard writes when it starts.
    func startManifest(_ shard: Shard, class everyone: [StudentID], students: Int) -> ShardManifest {
        ShardManifest(
            shard: shard.index, shards: shard.count, status: .running, host: HostName.current,
            pid: ProcessInfo.processInfo.processIdentifier, started: ShardManifest.timestamp(), seed: grader.seed,
            configuration: grader.gradingKey, configurationFingerprint: grader.configurationFingerprint,
            exercises: options.exercises, classDirectory: options.directory, classFolders: everyone.map(\.folderName),
            students: students)
    }
}

extension ShardManifest {
    /// Records the end of the shard.
    mutating func end(interrupted: Bool, graded: Int, upToDate: Int, notGraded: Int) {
        status = interrupted ? .interrupted : .complete
        finished = ShardManifest.timestamp()
        self.graded = graded
        self.upToDate = upToDate
        self.notGraded = notGraded
    }
}

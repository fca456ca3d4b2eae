import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `grader export` writes: an autograder a platform runs unchanged, made of the grader's
/// package (``PackageCopy``), the platform's scripts (the package's `autograders/` folder) and the
/// choices made at export (which exercises, who sees what when).
///
/// - Gradescope: `setup.sh` and `run_autograder` at the top (autograder_samples `docs/specs.md`:
///   both must be at the root of the zip), `autograder.conf`, and `backprop-grader/`; a zip of the
///   folder's contents beside it when `zip` is installed.
/// - PrairieLearn: the `entrypoint`, `setup.sh`, a `Dockerfile` that builds the grading image,
///   `autograder.conf`, `backprop-grader/`, and the `info.json` fragment and `question.html` a
///   question needs (PrairieLearn `docs/externalGrading.md`).
public struct AutograderExport: Sendable {
    /// The platform.
    public enum Platform: String, Sendable, CaseIterable {
        /// Gradescope's autograder.
        case gradescope
        /// PrairieLearn's external grader.
        case prairielearn
    }

    /// What was written.
    public struct Written: Sendable {
        /// The files at the top of the folder, in order.
        public var files: [String]
        /// The zip beside the folder, when one was made.
        public var zip: String?
        /// What the instructor should know (no `zip` here, what to edit).
        public var notes: [String]
    }

    /// The file written at the top of an export, so that exporting again may replace it.
    public static let marker = ".backprop-grader-export"
    /// Where the PrairieLearn image holds the export (its Dockerfile copies it there).
    public static let imageFolder = "/opt/backprop-grader-pl"

    /// The platform.
    public var platform: Platform
    /// The course configuration and its file.
    public var configuration: CourseConfiguration
    /// The configuration's file.
    public var configurationPath: String
    /// The exercises the autograder grades.
    public var exercises: [ExerciseConfiguration]
    /// Who sees what when (Gradescope).
    public var visibility: GradescopeVisibility
    /// The Docker Hub image the question names (PrairieLearn).
    public var image: String
    /// Where the grader's package is.
    public var home: GraderHome

    /// Creates an export.
    public init(
        platform: Platform, configuration: CourseConfiguration, configurationPath: String,
        exercises: [ExerciseConfiguration], visibility: GradescopeVisibility = .exportDefault,
        image: String = "DOCKERHUB-USER/backprop-grader", home: GraderHome
    ) {
        self.platform = platform
        self.configuration = configuration
        self.configurationPath = configurationPath
        self.exercises = exercises
        self.visibility = visibility
        self.image = image
        self.home = home
    }

    /// Writes the autograder into `directory` (which must be empty, missing, or an earlier export).
    ///
    /// - Throws: ``GraderError`` when the folder is taken or a file cannot be written.
    public func write(to directory: String) throws -> Written {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if !names.isEmpty {
            guard names.contains(Self.marker) else {
                throw GraderError.environment(
                    "\(directory) exists and is not an earlier export: give a new or empty folder to --out")
            }
            try TreeRemoval.remove(directory)
        }
        try FileManager.createFolder(directory)
        try AtomicFile.write("backprop-grader \(platform.rawValue) autograder\n", to: directory + "/" + Self.marker)
        try PackageCopy.copy(
            home: home, configurationPath: configurationPath, configuration: configuration,
            to: directory + "/backprop-grader")
        let scripts = home.root + "/autograders"
        var files: [String]
        switch platform {
        case .gradescope:
            files = ["setup.sh", "run_autograder", "autograder.conf"]
            try PackageCopy.copyTree(scripts + "/setup.sh", to: directory + "/setup.sh")
            try PackageCopy.copyTree(scripts + "/gradescope/run_autograder", to: directory + "/run_autograder")
            try AtomicFile.write(conf(visibility: true), to: directory + "/autograder.conf")
        case .prairielearn:
            files = ["entrypoint", "setup.sh", "Dockerfile", "autograder.conf", "info.json", "question.html"]
            try PackageCopy.copyTree(scripts + "/setup.sh", to: directory + "/setup.sh")
            try PackageCopy.copyTree(scripts + "/prairielearn/entrypoint", to: directory + "/entrypoint")
            try PackageCopy.copyTree(scripts + "/prairielearn/Dockerfile", to: directory + "/Dockerfile")
            try AtomicFile.write(conf(visibility: false), to: directory + "/autograder.conf")
            try AtomicFile.write(
                try PrairieLearnQuestion.infoJSON(exercises: exercises, image: image), to: directory + "/info.json")
            try AtomicFile.write(PrairieLearnQuestion.html(exercises: exercises), to: directory + "/question.html")
        }
        for script in ["setup.sh", "run_autograder", "entrypoint"] where files.contains(script) {
            _ = chmod(directory + "/" + script, 0o755)
        }
        var written = Written(files: files + ["backprop-grader/"], zip: nil, notes: [])
        if platform == .gradescope { try zip(directory, into: &written) }
        if platform == .prairielearn {
            written.notes.append(
                "build the image from \(directory) (docker build --platform linux/amd64), push it to Docker Hub, "
                    + "and name it in info.json's \"image\" (now \(image))")
        }
        return written
    }

    /// `autograder.conf`: the choices the scripts read.
    func conf(visibility withVisibility: Bool) -> String {
        var lines = [
            "# Written by grader export \(platform.rawValue): what the autograder grades"
                + (withVisibility ? " and who sees what when." : "."),
            "EXERCISES=\"\(exercises.map(\.id.rawValue).joined(separator: " "))\"",
        ]
        if withVisibility { lines.append("VISIBILITY=\"\(visibility.setting)\"") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Zips the folder's contents (not the folder: Gradescope wants the scripts at the archive's root)
    /// into `<directory>.zip`, when `zip` is installed.
    func zip(_ directory: String, into written: inout Written) throws {
        let folder = URL(fileURLWithPath: directory).standardizedFileURL.path
        let archive = folder + ".zip"
        guard let zip = ExternalTool.find("zip") else {
            written.notes.append(
                "zip is not installed here: zip the contents of \(directory) (setup.sh and run_autograder at the "
                    + "archive's root, not the folder) and upload that")
            return
        }
        _ = unlink(archive)
        let result = try Subprocess.run(
            "/bin/sh",
            ["-c", "cd \"$1\" && exec \"$2\" -q -r -X \"$3\" . -x \"$4\"", "sh", folder, zip, archive, Self.marker])
        guard result.status == 0 else {
            throw GraderError.cannotWrite(path: archive, reason: "zip failed: \(result.output)")
        }
        written.zip = archive
    }
}

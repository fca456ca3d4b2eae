import Foundation
import GraderCore
import TestSupport

/// Paths and shared objects for tests that grade through the real compiler and worker.
enum TestEnvironment {
    /// The package root (`Tests/GraderCoreTests/Support/TestEnvironment.swift` → three levels up).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The `grader` executable SwiftPM built next to the test bundle: the worker for these tests.
    static let graderBinary: String = {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return bundle.deletingLastPathComponent().appendingPathComponent("grader").path
    }()

    /// A fixture submission folder under `Tests/Fixtures/submissions`.
    static func fixture(_ name: String) -> String { packageRoot + "/Tests/Fixtures/submissions/" + name }

    /// A sample-class folder under `Examples/submissions`.
    static func example(_ name: String) -> String { packageRoot + "/Examples/submissions/" + name }

    /// The shipped course configuration.
    static func configuration() throws -> CourseConfiguration {
        try CourseConfiguration.load(path: packageRoot + "/grader.json")
    }

    /// A grader on the shipped configuration with a short time limit, made once and shared: its
    /// cases and expected values are computed once for the whole test run.
    static func sharedGrader() throws -> Grader {
        try shared.get()
    }

    private static let shared: Result<Grader, any Error> = Result {
        try Grader.make(
            configuration: try configuration(), timeLimitSeconds: 4, workerExecutable: graderBinary,
            home: GraderHome(root: packageRoot))
    }

    /// The same grader with namespaces off, as on a kernel (or a container) that refuses them:
    /// the fallback, where limits, Landlock and seccomp remain.
    static func sharedGraderWithoutNamespaces() throws -> Grader {
        try sharedWithoutNamespaces.get()
    }

    private static let sharedWithoutNamespaces: Result<Grader, any Error> = Result {
        try Grader.make(
            configuration: try configuration(), timeLimitSeconds: 4, workerExecutable: graderBinary,
            home: GraderHome(root: packageRoot), useNamespaces: false)
    }
}

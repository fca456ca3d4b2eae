// swift-tools-version: 6.0
// backprop-grader: an auto-grader for neural-network backpropagation exercises.
// No package dependencies: the Swift toolchain, Foundation and Glibc only.
import PackageDescription

let package = Package(
    name: "backprop-grader",
    products: [
        .executable(name: "grader", targets: ["grader"]),
        .executable(name: "grader-worker", targets: ["grader-worker"]),
        .library(name: "ExerciseKit", targets: ["ExerciseKit"]),
        .library(name: "GraderCore", targets: ["GraderCore"]),
    ],
    targets: [
        // What student code imports: Tensor and its numpy-like operations.
        .target(name: "ExerciseKit"),
        // The reference implementations, written as a student could have written them.
        .target(name: "ReferenceSolutions", dependencies: ["ExerciseKit"], path: "ReferenceSolutions"),
        // The byte format that crosses the plugin boundary; its source is also compiled into the plugin
        // support module that every plugin links against.
        .target(name: "PluginWire"),
        // Namespaces, rlimits, Landlock and seccomp for the worker: what Glibc's module lacks.
        .target(name: "CSandbox"),
        // What runs inside the sandboxed worker: its protocol with the grader and the code that
        // drives a plugin. No Foundation, so that a worker starts without loading it.
        .target(name: "WorkerRuntime", dependencies: ["PluginWire", "CSandbox"]),
        // Cases, comparison, scoring, compiling, the sandboxed worker, reports.
        .target(
            name: "GraderCore",
            dependencies: ["ExerciseKit", "ReferenceSolutions", "PluginWire", "CSandbox", "WorkerRuntime"]
        ),
        // The thin command-line front end (and the hidden worker mode). It depends on grader-worker,
        // which it does not link, so that every build of it (`swift build --product grader`,
        // `swift run grader`) also builds the grader-worker beside it: never one of an older build.
        .executableTarget(
            name: "grader", dependencies: ["GraderCore", "ExerciseKit", "WorkerRuntime", "grader-worker"],
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
            linkerSettings: [
                // lld, which the toolchain ships: ld.gold would print glibc's warning about mktemp,
                // used inside the static Foundation, on every release build.
                .unsafeFlags(
                    ["-static-stdlib", "-use-ld=lld", "-Xlinker", "--no-export-dynamic"], .when(configuration: .release)
                )
            ]),
        // The sandboxed worker as a program of its own, without Foundation (the grader starts it
        // when it lies next to the grader, else re-runs itself in its hidden worker mode).
        .executableTarget(name: "grader-worker", dependencies: ["WorkerRuntime"]),
        // Conveniences over the standard catalog that only tests use (see its file).
        .target(name: "TestSupport", dependencies: ["GraderCore"], path: "Tests/TestSupport"),
        .testTarget(name: "ExerciseKitTests", dependencies: ["ExerciseKit"]),
        .testTarget(
            name: "GraderCoreTests",
            dependencies: ["GraderCore", "ExerciseKit", "ReferenceSolutions", "TestSupport", "WorkerRuntime"]),
        .testTarget(name: "EndToEndTests", dependencies: ["GraderCore", "TestSupport"]),
        // The command line's pure pieces (arguments, help, terminal text), with @testable import.
        .testTarget(name: "GraderCLITests", dependencies: ["grader", "GraderCore", "TestSupport"]),
    ]
)

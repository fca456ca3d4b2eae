import Testing

/// End-to-end tests of the `grader` command line: each test runs the built executable as a
/// subprocess and checks its output, its files and its exit status (SPEC sections 7 and 8).
///
/// Serialized: grading spawns compilers and worker processes, and the machine is small; the
/// nested suites (in the other files) inherit the trait.
@Suite(.serialized)
struct GraderCLI {}

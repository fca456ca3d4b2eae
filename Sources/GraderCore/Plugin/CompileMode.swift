/// Whether the compiler may run the frontend and the linker itself (``CompilePath/direct``) or must
/// always go through the `swiftc` driver.
public enum CompileMode: String, Sendable, Equatable {
    /// The frontend and `ld.lld` directly when a recipe was derived for this toolchain and kit,
    /// else the driver.
    case direct
    /// Always the `swiftc` driver.
    case driver

    /// The mode `GRADER_COMPILE` asks for (`driver`), else ``direct``.
    ///
    /// - Parameter environment: the process environment.
    public static func current(environment: [String: String]) -> CompileMode {
        environment["GRADER_COMPILE"] == "driver" ? .driver : .direct
    }
}

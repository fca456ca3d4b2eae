import Foundation

/// Hostile submissions that cannot be committed as files: their bytes would break the tools that
/// read the repository (a raw escape character makes `swift format` refuse the file).
public enum HostileSources {
    /// An Activations.swift with a compile error on line 29, a line that holds raw terminal escape
    /// bytes (a title change and a clipboard write inside a string), which the compiler quotes in
    /// its diagnostics. Expected: compileError, and the escapes shown as U+FFFD, never sent raw.
    public static let escapeDiagnostics: String = {
        let escape = "\u{1B}"
        let bell = "\u{07}"
        var lines = (1...27).map { _ in "//" }
        lines[0] = "import ExerciseKit"
        lines += [
            "final class ReLU {",
            "    let broken: Int = \"\(escape)]0;pwned\(bell)\(escape)]52;c;aGFja2Vk\(bell)\"",
            "    init() {}",
            "    func forward(_ x: Tensor) -> Tensor { x }",
            "    func backward(_ dout: Tensor) -> Tensor { dout }",
            "}",
            "final class Sigmoid {",
            "    init() {}",
            "    func forward(_ x: Tensor) -> Tensor { x }",
            "    func backward(_ dout: Tensor) -> Tensor { dout }",
            "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Writes `source` as `file` in a new folder under `parent`; returns the folder.
    public static func write(_ source: String, as file: String, in parent: String, folder: String) throws -> String {
        let path = parent + "/" + folder
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: URL(fileURLWithPath: path + "/" + file))
        return path
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The name of the machine the grader runs on, as `gethostname(2)` gives it (no DNS look-up): what
/// tells apart the processes of several nodes that share a folder (a pid means something only on
/// its own host).
public enum HostName {
    /// The host's name, or `unknown-host`.
    public static let current: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown-host" : name
    }()

    /// The host's name as one safe path component: letters, digits, `.`, `-` and `_` kept, anything
    /// else `_` (and never `.` or `..`).
    public static var pathComponent: String {
        let safe = String(
            current.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        return safe.allSatisfy { $0 == "." } ? "host" + safe : safe
    }
}

import Foundation

/// A fresh folder under the temporary folder, removed with everything in it by `remove()`.
struct Scratch {
    /// Its path.
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/grader-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Removes it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Makes `relative` (a folder) and copies `file` from a sample student into it.
    @discardableResult
    func copy(_ file: String, of student: String, to relative: String) throws -> String {
        let folder = path + "/" + relative
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestEnvironment.example(student) + "/" + file, toPath: folder + "/" + file)
        return folder
    }
}

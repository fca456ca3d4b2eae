import Foundation
import Synchronization

/// The ``CompileRecipe`` of each of a compiler's command lines (its toolchain, kit and flags), or
/// why there is none: derived once per cache
/// (``CompileRecipe/derive(toolchain:in:environment:driverArguments:)``), written to
/// `<directory>/<key>.json`, and then read once per process.
///
/// A refusal (the driver planned steps this cannot run) is cached like a recipe, so that it costs
/// the `-###` runs once; a failure to run the driver at all is not (it is tried again next process).
/// A recipe that names a file no longer there (``CompileRecipe/namedFiles``) is derived again.
final class CompileRecipeStore: Sendable {
    /// What a cache file holds: a recipe, or the reason there is none.
    struct Record: Codable, Equatable {
        var recipe: CompileRecipe?
        var refusal: String?
    }

    /// The folder of the cache files.
    let directory: String
    private let loaded = Mutex<[String: Result<CompileRecipe, CompileRecipe.Refusal>]>([:])

    /// A store for the recipes kept in `directory`.
    init(directory: String) {
        self.directory = directory
    }

    /// The cache file of the recipe with `key`.
    func path(forKey key: String) -> String { directory + "/" + key + ".json" }

    /// The recipe with `key`, from memory, its cache file, or `derive` (whose result is then written
    /// there).
    ///
    /// - Parameters:
    ///   - key: what identifies the command line (hex).
    ///   - derive: derives the recipe (runs the driver with `-###`).
    /// - Throws: what `derive` throws; ``GraderError/cannotWrite(path:reason:)`` when the cache file
    ///   cannot be written.
    func recipe(key: String, derive: () throws -> Result<CompileRecipe, CompileRecipe.Refusal>) throws
        -> Result<CompileRecipe, CompileRecipe.Refusal>
    {
        try loaded.withLock { loaded in
            if let known = loaded[key] { return known }
            if let cached = read(path(forKey: key)) {
                loaded[key] = cached
                return cached
            }
            let result = try derive()
            let record: Record =
                switch result {
                case .success(let recipe): Record(recipe: recipe, refusal: nil)
                case .failure(let refusal): Record(recipe: nil, refusal: refusal.reason)
                }
            try AtomicFile.write(try JSONEncoder().encode(record), to: path(forKey: key))
            loaded[key] = result
            return result
        }
    }

    /// The cached recipe or refusal at `path`, or `nil` when the file is missing, unreadable or stale.
    private func read(_ path: String) -> Result<CompileRecipe, CompileRecipe.Refusal>? {
        guard let data = FileManager.default.contents(atPath: path),
            let record = try? JSONDecoder().decode(Record.self, from: data)
        else { return nil }
        if let recipe = record.recipe {
            guard recipe.namedFiles.allSatisfy(FileManager.default.fileExists(atPath:)) else { return nil }
            return .success(recipe)
        }
        return record.refusal.map { .failure(CompileRecipe.Refusal(reason: $0)) }
    }
}

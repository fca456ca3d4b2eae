import Foundation
import Synchronization

/// The ``CompileRecipe`` of one compiler (its toolchain, kit and flags), or why there is none:
/// derived once per cache (``CompileRecipe/derive(toolchain:in:environment:driverArguments:)``),
/// written to `recipes/<key>.json` there, and then read once per process.
///
/// A refusal (the driver planned steps this cannot run) is cached like a recipe, so that it costs
/// the `-###` runs once; a failure to run the driver at all is not (it is tried again next process).
/// A recipe that names a file no longer there (``CompileRecipe/namedFiles``) is derived again.
final class CompileRecipeStore: Sendable {
    /// What the cache file holds: a recipe, or the reason there is none.
    struct Record: Codable, Equatable {
        var recipe: CompileRecipe?
        var refusal: String?
    }

    /// The cache file.
    let path: String
    private let loaded = Mutex<Result<CompileRecipe, CompileRecipe.Refusal>?>(nil)

    /// A store for the recipe kept at `path`.
    init(path: String) {
        self.path = path
    }

    /// The recipe, from memory, the cache file, or `derive` (whose result is then written there).
    ///
    /// - Parameter derive: derives the recipe (runs the driver with `-###`).
    /// - Throws: what `derive` throws; ``GraderError/cannotWrite(path:reason:)`` when the cache file
    ///   cannot be written.
    func recipe(derive: () throws -> Result<CompileRecipe, CompileRecipe.Refusal>) throws
        -> Result<CompileRecipe, CompileRecipe.Refusal>
    {
        try loaded.withLock { loaded in
            if let loaded { return loaded }
            if let cached = read() {
                loaded = cached
                return cached
            }
            let result = try derive()
            let record: Record =
                switch result {
                case .success(let recipe): Record(recipe: recipe, refusal: nil)
                case .failure(let refusal): Record(recipe: nil, refusal: refusal.reason)
                }
            try AtomicFile.write(try JSONEncoder().encode(record), to: path)
            loaded = result
            return result
        }
    }

    /// The cached recipe or refusal, or `nil` when the file is missing or unreadable.
    private func read() -> Result<CompileRecipe, CompileRecipe.Refusal>? {
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

/// The two commands of a plugin compile without the `swiftc` driver: the frontend (`swift-frontend
/// -frontend -c`, the student's file and the glue into one object) and the linker (`ld.lld`, the
/// object into the plugin), as templates.
///
/// They are what the driver itself would run, read from its `-###` output once per toolchain, kit
/// and flags (``derive(toolchain:kitDirectory:flags:in:)``) and kept in the cache: the driver costs
/// about 45 ms a compile (its own start-up and planning), `swift-autolink-extract` 13 ms (the
/// grader reads the object's entries itself: ``AutolinkEntries``), and `clang` starting `ld.gold`
/// 25 ms where `ld.lld` alone takes 15 ms. The link line is `clang -fuse-ld=lld -###`'s, for the
/// very arguments the driver gives `clang`.
///
/// Templates name the parts that change between compiles: a whole argument ``inputs`` (the source
/// paths), ``object``, ``autolink`` (the object's linker flags) or ``output``; inside an argument
/// ``kit`` and ``work`` (the kit's folder and the compile's folder, as the compiler sees them).
struct CompileRecipe: Codable, Sendable, Equatable {
    /// The frontend's command line, its executable first.
    var frontend: [String]
    /// The linker's command line, its executable first.
    var linker: [String]

    /// A whole argument: the source files, in order.
    static let inputs = "{inputs}"
    /// A whole argument: the object the frontend writes and the linker reads.
    static let object = "{object}"
    /// A whole argument: the object's linker flags (``AutolinkEntries``).
    static let autolink = "{autolink}"
    /// A whole argument: the plugin.
    static let output = "{output}"
    /// Inside an argument: the kit's folder.
    static let kit = "{kit}"
    /// Inside an argument: the compile's folder (the frontend's working directory).
    static let work = "{work}"

    /// The files the commands name by absolute path (the two executables, the linker's start and end
    /// objects): when one is gone (a system update moved `crtbeginS.o`), the recipe is stale.
    var namedFiles: [String] {
        [frontend.first, linker.first].compactMap { $0 }
            + linker.dropFirst().filter { $0.hasPrefix("/") && $0.hasSuffix(".o") && !$0.contains("{") }
    }

    /// The frontend's arguments for one compile.
    ///
    /// - Parameters:
    ///   - inputs: the source files' paths.
    ///   - object: the object's path.
    ///   - kitDirectory: the kit's folder.
    ///   - workDirectory: the compile's folder (where the frontend runs).
    func frontendArguments(inputs: [String], object: String, kitDirectory: String, workDirectory: String) -> [String] {
        expand(frontend, [CompileRecipe.inputs: inputs, CompileRecipe.object: [object]], kitDirectory, workDirectory)
    }

    /// The linker's arguments for one compile.
    ///
    /// - Parameters:
    ///   - object: the object's path.
    ///   - autolink: the object's linker flags.
    ///   - output: the plugin's path.
    ///   - kitDirectory: the kit's folder.
    ///   - workDirectory: the compile's folder.
    func linkerArguments(
        object: String, autolink: [String], output: String, kitDirectory: String, workDirectory: String
    )
        -> [String]
    {
        expand(
            linker, [CompileRecipe.object: [object], CompileRecipe.autolink: autolink, CompileRecipe.output: [output]],
            kitDirectory, workDirectory)
    }

    private func expand(_ template: [String], _ whole: [String: [String]], _ kit: String, _ work: String) -> [String] {
        template.flatMap { argument in
            whole[argument] ?? [CompileRecipe.fill(argument, [CompileRecipe.kit: kit, CompileRecipe.work: work])]
        }
    }

    /// `text` with each placeholder of `values` replaced, in one pass (a value that holds a
    /// placeholder's spelling stays as it is).
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            rest = rest[open...]
            if let (name, value) = values.first(where: { rest.hasPrefix($0.key) }) {
                result += value
                rest = rest.dropFirst(name.count)
            } else {
                result.append("{")
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension CompileRecipe {
    /// Why a recipe was not derived: the driver's plan was not the three steps this knows how to run
    /// (then every compile goes through the driver, and says why).
    struct Refusal: Error, Equatable, CustomStringConvertible {
        /// What was unexpected.
        var reason: String

        var description: String { reason }
    }

    /// The paths a derivation gives the driver, each unique to it, so that the printed commands can
    /// be turned back into templates without mistaking one part for another.
    struct Placeholders: Equatable {
        /// The folder every other path is in.
        var scratch: String
        /// The compile's folder (the driver's working directory; it exists).
        var work: String
        /// The kit's folder (it need not exist).
        var kit: String
        /// The source files given to the driver.
        var inputs: [String]
        /// The plugin given to the driver.
        var output: String
        /// An empty file that stands for the object when `clang -###` is asked for the link line.
        var object: String

        /// The placeholders of a derivation in `scratch`.
        init(scratch: String) {
            self.scratch = scratch
            work = scratch + "/work"
            kit = scratch + "/kit"
            inputs = [work + "/BPGRecipeInput1.swift", work + "/BPGRecipeInput2.swift"]
            output = work + "/plugin.so"
            object = scratch + "/bpg-object.o"
        }
    }

    /// What the driver's `-###` plan says, once checked: the frontend's template, and `clang`'s
    /// command line with the object in place and without the autolink response file.
    struct DriverPlan: Equatable {
        /// The frontend's command line as a template (``CompileRecipe/frontend``).
        var frontend: [String]
        /// `clang`'s command line, the object replaced by ``Placeholders/object``.
        var clang: [String]
    }

    /// Derives the recipe of a toolchain, kit and driver command line: runs the driver with `-###`
    /// (it only prints its plan), then `clang -fuse-ld=lld -###` on the link step it prints.
    ///
    /// - Parameters:
    ///   - toolchain: the toolchain.
    ///   - kitDirectory: where the kit is (only its spelling matters).
    ///   - driverArguments: the driver's command line (the executable first) for `inputs`, `output`,
    ///     `work` and `kit`: called with the placeholders' paths.
    ///   - folder: an empty scratch folder, removed by the caller.
    ///   - environment: the driver's environment (the sandbox's; `TMPDIR` and `HOME` are set to the
    ///     scratch folder).
    /// - Returns: the recipe, or why there is none.
    /// - Throws: ``ToolchainError/cannotRun(path:reason:)`` when a tool cannot be started at all.
    static func derive(
        toolchain: Toolchain, in folder: String, environment: [String],
        driverArguments: (_ inputs: [String], _ output: String, _ work: String, _ kit: String) -> [String]
    ) throws -> Result<CompileRecipe, Refusal> {
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw GraderError.cannotWrite(path: folder, reason: CError.reason(errno))
        }
        // The driver prints paths normalised (no `//`, no `..`): give it the canonical spelling.
        guard let resolved = realpath(folder, nil) else {
            throw GraderError.cannotWrite(path: folder, reason: CError.reason(errno))
        }
        let scratch = String(cString: resolved)
        free(resolved)
        let places = Placeholders(scratch: scratch)
        let temporary = scratch + "/tmp"
        for directory in [places.work, temporary] where mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw GraderError.cannotWrite(path: directory, reason: CError.reason(errno))
        }
        guard FileManager.default.createFile(atPath: places.object, contents: Data()) else {
            throw GraderError.cannotWrite(path: places.object, reason: "cannot create a placeholder object")
        }
        let environment =
            environment.filter { !$0.hasPrefix("TMPDIR=") && !$0.hasPrefix("HOME=") }
            + ["TMPDIR=" + temporary, "HOME=" + temporary]
        let command = driverArguments(places.inputs, places.output, places.work, places.kit)
        guard let executable = command.first else { return .failure(Refusal(reason: "no driver command line")) }
        let planned = try Subprocess.run(
            executable, Array(command.dropFirst()) + ["-###"], workingDirectory: places.work, environment: environment)
        guard planned.status == 0 else {
            return .failure(Refusal(reason: "swiftc -### failed: \(firstLine(planned.output))"))
        }
        let plan: DriverPlan
        switch parseDriverPlan(planned.output, places, readFile: { try? String(contentsOfFile: $0, encoding: .utf8) }) {
        case .success(let parsed): plan = parsed
        case .failure(let refusal): return .failure(refusal)
        }
        guard let clang = plan.clang.first else { return .failure(Refusal(reason: "no clang command line")) }
        let linked = try Subprocess.run(
            clang, Array(plan.clang.dropFirst()) + ["-fuse-ld=lld", "-###"], workingDirectory: places.work,
            environment: environment)
        guard linked.status == 0 else {
            return .failure(Refusal(reason: "clang -fuse-ld=lld -### failed: \(firstLine(linked.output))"))
        }
        return parseLinkerPlan(linked.output, places).map { linker in
            CompileRecipe(frontend: plan.frontend, linker: linker)
        }
    }

    /// Checks the driver's `-###` plan and turns its frontend step into a template.
    ///
    /// The plan must be the frontend (`-frontend -c` with the inputs, in order, into an object in
    /// the driver's temporary folder), `swift-autolink-extract` of that object into a response file,
    /// and `clang` linking the object and `@` the response file into the output; a
    /// `-supplementary-output-file-map` is dropped only when it asks for no outputs.
    ///
    /// - Parameters:
    ///   - text: what `swiftc -###` printed.
    ///   - places: the paths it was given.
    ///   - readFile: reads a file the plan names (the supplementary output map).
    static func parseDriverPlan(_ text: String, _ places: Placeholders, readFile: (String) -> String?)
        -> Result<DriverPlan, Refusal>
    {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        guard lines.count == 3 else {
            return .failure(Refusal(reason: "the driver planned \(lines.count) steps, not 3: \(firstLine(text))"))
        }
        guard var frontend = ShellWords.split(lines[0]), let autolink = ShellWords.split(lines[1]),
            var clang = ShellWords.split(lines[2])
        else { return .failure(Refusal(reason: "a step the driver printed does not read as a command line")) }
        guard frontend.count > 3, frontend[0].hasSuffix("/swift-frontend"), frontend[1] == "-frontend",
            frontend[2] == "-c"
        else { return .failure(Refusal(reason: "the first step is not swift-frontend -frontend -c")) }
        guard let start = frontend.firstIndex(of: places.inputs[0]),
            Array(frontend[start...].prefix(places.inputs.count)) == places.inputs,
            places.inputs.allSatisfy({ input in frontend.filter { $0 == input }.count == 1 })
        else { return .failure(Refusal(reason: "the frontend does not take the sources once, in order")) }
        frontend.replaceSubrange(start..<(start + places.inputs.count), with: [CompileRecipe.inputs])
        if let map = frontend.firstIndex(of: "-supplementary-output-file-map") {
            guard map + 1 < frontend.count, let contents = readFile(frontend[map + 1]),
                asksForNoOutputs(contents)
            else { return .failure(Refusal(reason: "the frontend is asked for supplementary outputs")) }
            frontend.removeSubrange(map...(map + 1))
        }
        guard let output = single("-o", in: frontend), output.hasSuffix(".o") else {
            return .failure(Refusal(reason: "the frontend does not write one object"))
        }
        let temporary = (output as NSString).deletingLastPathComponent
        guard temporary.hasPrefix(places.scratch + "/") else {
            return .failure(Refusal(reason: "the object is not in the driver's temporary folder"))
        }
        frontend[frontend.firstIndex(of: output) ?? 0] = CompileRecipe.object
        guard autolink.count == 4, autolink[0].hasSuffix("/swift-autolink-extract"), autolink[1] == output,
            autolink[2] == "-o"
        else { return .failure(Refusal(reason: "the second step is not swift-autolink-extract of the object")) }
        let responseFile = "@" + autolink[3]
        guard clang.count > 1, (clang[0] as NSString).lastPathComponent.hasPrefix("clang"),
            clang.filter({ $0 == output }).count == 1, clang.filter({ $0 == responseFile }).count == 1,
            single("-o", in: clang) == places.output
        else { return .failure(Refusal(reason: "the third step is not clang linking the object into the plugin")) }
        clang.removeAll { $0 == responseFile }
        clang = clang.map { $0 == output ? places.object : $0 }
        guard !(frontend + clang).contains(where: { $0.contains(temporary) }) else {
            return .failure(Refusal(reason: "a step uses another file of the driver's temporary folder"))
        }
        guard let template = templated(frontend, places) else {
            return .failure(
                Refusal(reason: "the frontend's command line names a path of its own in the scratch folder"))
        }
        return .success(DriverPlan(frontend: template, clang: clang))
    }

    /// Checks `clang -fuse-ld=lld -###`'s plan (one step: `ld.lld`) and turns it into a template; the
    /// object's flags go right after the object, where `clang` put the response file's.
    static func parseLinkerPlan(_ text: String, _ places: Placeholders) -> Result<[String], Refusal> {
        let steps = text.split(whereSeparator: \.isNewline).map(String.init).filter { $0.hasPrefix(" \"") }
        guard steps.count == 1, let linker = ShellWords.split(steps[0]) else {
            return .failure(Refusal(reason: "clang planned \(steps.count) steps to link, not 1: \(firstLine(text))"))
        }
        guard let executable = linker.first, (executable as NSString).lastPathComponent == "ld.lld" else {
            return .failure(Refusal(reason: "clang does not link with ld.lld: \(firstLine(text))"))
        }
        guard linker.filter({ $0 == places.object }).count == 1, single("-o", in: linker) == places.output else {
            return .failure(Refusal(reason: "ld.lld does not link the object into the plugin"))
        }
        let template = linker.flatMap { argument -> [String] in
            switch argument {
            case places.object: [CompileRecipe.object, CompileRecipe.autolink]
            case places.output: [CompileRecipe.output]
            default: [argument]
            }
        }
        guard let filled = templated(template, places) else {
            return .failure(Refusal(reason: "ld.lld's command line names a path of its own in the scratch folder"))
        }
        return .success(filled)
    }

    /// `arguments` with the kit's and the work folder's paths replaced by placeholders, or `nil` when
    /// a placeholder's spelling is there already or an argument still names the scratch folder.
    private static func templated(_ arguments: [String], _ places: Placeholders) -> [String]? {
        let placeholders = [CompileRecipe.kit, CompileRecipe.work]
        let whole = [CompileRecipe.inputs, CompileRecipe.object, CompileRecipe.autolink, CompileRecipe.output]
        var result: [String] = []
        for argument in arguments {
            if whole.contains(argument) {
                result.append(argument)
                continue
            }
            guard !placeholders.contains(where: argument.contains) else { return nil }
            let filled = argument.replacingOccurrences(of: places.kit, with: CompileRecipe.kit)
                .replacingOccurrences(of: places.work, with: CompileRecipe.work)
            guard !filled.contains(places.scratch + "/"), !filled.hasSuffix(places.scratch) else { return nil }
            result.append(filled)
        }
        return result
    }

    /// The value after the only `flag` of `arguments`, or `nil` when there is not exactly one.
    private static func single(_ flag: String, in arguments: [String]) -> String? {
        let indices = arguments.indices.filter { arguments[$0] == flag }
        guard indices.count == 1, let index = indices.first, index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    /// Whether a supplementary output file map (JSON: input → kind → path) names no output at all.
    static func asksForNoOutputs(_ contents: String) -> Bool {
        guard let data = contents.data(using: .utf8),
            let map = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return map.values.allSatisfy { ($0 as? [String: Any])?.isEmpty == true }
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces)
    }
}

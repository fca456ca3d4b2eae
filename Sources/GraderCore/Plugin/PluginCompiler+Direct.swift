import Foundation

extension PluginCompiler {
    /// One compile's run: how it ended (as the driver's would read) and the path it took.
    struct Run {
        /// How it ended: the frontend's result when it failed, else the linker's with both outputs.
        var result: SandboxedTool.Result
        /// The path it took.
        var path: CompilePath
    }

    /// The recipe of the direct path for a compile with `flags` (``PluginCompiler/flags(for:)``), or
    /// why the driver runs instead.
    ///
    /// - Throws: ``GraderError/cannotWrite(path:reason:)`` when the cache cannot hold the recipe.
    func recipe(flags: [String]) throws -> Result<CompileRecipe, CompileRecipe.Refusal> {
        guard mode == .direct else { return .failure(CompileRecipe.Refusal(reason: "GRADER_COMPILE=driver")) }
        let (toolchain, kit, home, limits) = (self.toolchain, self.kit, self.home, self.limits)
        return try recipes.recipe(key: recipeKey(flags: flags)) {
            let folder = try SandboxFolder.make(prefix: "bpg-compile", in: home.workDirectory)
            defer { folder.remove() }
            let scratch = folder.path + "/recipe"
            let environment =
                SandboxPolicy.compiler(
                    toolchain: toolchain, kit: kit, moduleCache: kit.moduleCacheDirectory, workDirectory: scratch,
                    minimalRoot: false, rootDirectory: folder.root, limits: limits
                ).environment
            return try CompileRecipe.derive(toolchain: toolchain, in: scratch, environment: environment) {
                inputs, output, _, kitDirectory in
                PluginCompiler.driverArguments(
                    toolchain: toolchain, flags: flags, files: inputs, output: output, kitDirectory: kitDirectory)
            }
        }
    }

    /// How plugins are compiled here: directly when a recipe was derived for the plugins' flags (both
    /// the flags of every compile and of single-threaded code), else through the driver and why.
    ///
    /// - Throws: ``GraderError/cannotWrite(path:reason:)`` when the cache cannot hold a recipe.
    public func compilePath() throws -> CompilePath {
        let base = PluginCompiler.flags + PluginCompiler.frontendFlags
        for flags in [base, base + PluginCompiler.singleThreadedFlags] {
            if case .failure(let refusal) = try recipe(flags: flags) { return .driver(reason: refusal.reason) }
        }
        return .direct
    }

    /// Compiles `files` of the compile's folder into `plugin.so` there: the frontend then the linker,
    /// each in the sandbox, when there is a recipe; else, or when the direct path cannot give the
    /// verdict the driver would, the driver.
    ///
    /// The compile's wall-clock limit covers both steps (the linker gets what the frontend left);
    /// the memory and the other limits apply to each.
    func run(
        files: [String], folder: SandboxFolder, flags: [String],
        recipe choice: Result<CompileRecipe, CompileRecipe.Refusal>, isCancelled: (@Sendable () -> Bool)?
    ) throws -> Run {
        let recipe: CompileRecipe
        switch choice {
        case .success(let derived): recipe = derived
        case .failure(let refusal):
            return Run(
                result: try runDriver(files: files, folder: folder, flags: flags, isCancelled: isCancelled),
                path: .driver(reason: refusal.reason))
        }
        let kitDirectory = kit.directory
        let started = Date()
        let frontend = try sandboxed(folder, limits, isCancelled) { policy in
            let work = policy.workDirectory
            return recipe.frontendArguments(
                inputs: files.map { work + "/" + $0 }, object: work + "/plugin.o", kitDirectory: kitDirectory,
                workDirectory: work)
        }
        if frontend.timedOut || (frontend.exitCode != 0 && frontend.signal == 0)
            || (frontend.signal != 0 && PluginCompiler.isAllocationFailure(frontend.output))
        {
            // The driver prints the frontend's diagnostics as they are, and nothing of its own; out
            // of memory, the verdict is the same whatever else it printed.
            return Run(result: frontend, path: .direct)
        }
        if frontend.signal != 0 {
            // The driver adds its own lines about a crash: let it tell the story, as it always has.
            return try fallBack(files, folder, flags, isCancelled, "swift-frontend ended by signal \(frontend.signal)")
        }
        guard let object = FileManager.default.contents(atPath: folder.work + "/plugin.o") else {
            return try fallBack(files, folder, flags, isCancelled, "swift-frontend wrote no object")
        }
        guard let autolink = AutolinkEntries.linkerFlags(ofObject: Array(object)) else {
            return try fallBack(
                files, folder, flags, isCancelled, "the object's autolink entries are not plain libraries")
        }
        var remaining = limits
        remaining.wallSeconds = limits.wallSeconds - Date().timeIntervalSince(started)
        guard remaining.wallSeconds > 0 else {
            var result = frontend
            result.timedOut = true
            return Run(result: result, path: .direct)
        }
        var linked = try sandboxed(folder, remaining, isCancelled) { policy in
            let work = policy.workDirectory
            return recipe.linkerArguments(
                object: work + "/plugin.o", autolink: autolink, output: work + "/plugin.so",
                kitDirectory: kitDirectory, workDirectory: work)
        }
        if linked.timedOut { return Run(result: linked, path: .direct) }
        guard linked.exitCode == 0 else {
            let line = linked.output.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return try fallBack(files, folder, flags, isCancelled, "ld.lld failed: \(line)")
        }
        linked.output = frontend.output + linked.output
        return Run(result: linked, path: .direct)
    }

    /// The driver's run, said to be a fallback for `reason`.
    private func fallBack(
        _ files: [String], _ folder: SandboxFolder, _ flags: [String], _ isCancelled: (@Sendable () -> Bool)?,
        _ reason: String
    ) throws -> Run {
        try? FileManager.default.removeItem(atPath: folder.work + "/plugin.o")
        try? FileManager.default.removeItem(atPath: folder.work + "/plugin.so")
        return Run(
            result: try runDriver(files: files, folder: folder, flags: flags, isCancelled: isCancelled),
            path: .driver(reason: reason))
    }

    /// Runs the `swiftc` driver with `flags` on `files` of the compile's folder, into `plugin.so` there.
    func runDriver(files: [String], folder: SandboxFolder, flags: [String], isCancelled: (@Sendable () -> Bool)?)
        throws -> SandboxedTool.Result
    {
        let compiler = self
        return try sandboxed(folder, limits, isCancelled) { policy in
            compiler.arguments(files: files, output: "plugin.so", workDirectory: policy.workDirectory, flags: flags)
        }
    }

    /// Runs one command line in the compile sandbox on `folder`, under `limits`.
    private func sandboxed(
        _ folder: SandboxFolder, _ limits: CompileLimits, _ isCancelled: (@Sendable () -> Bool)?,
        _ arguments: @escaping @Sendable (SandboxPolicy) -> [String]
    ) throws -> SandboxedTool.Result {
        let (toolchain, kit) = (self.toolchain, self.kit)
        return try SandboxedTool.run(
            arguments,
            policy: { minimalRoot in
                SandboxPolicy.compiler(
                    toolchain: toolchain, kit: kit, moduleCache: kit.moduleCacheDirectory, workDirectory: folder.work,
                    minimalRoot: minimalRoot, rootDirectory: folder.root, limits: limits)
            }, rootDirectory: folder.root, limits: limits, namespaces: useNamespaces, isCancelled: isCancelled)
    }
}

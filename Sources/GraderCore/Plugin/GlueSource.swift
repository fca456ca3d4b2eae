/// The grader's own Swift code that is compiled into every plugin next to the student's file.
///
/// The student declares plain classes and no conformance; the glue adapts them to the C ABI
/// (version ``BPGWireCodec``'s `abiVersion`): one `@_cdecl` entry point per graded class,
/// `bpg_run_<Class>(input, length, &output, &outputLength) -> Int32`, taking and returning the
/// tensor lists of the wire format. Only bytes cross; the output is `malloc`ed and freed by the worker.
///
/// Every line that touches a student's member ends with a `// bpg-expect:` marker naming the
/// declaration it needs, so a compile error on that line becomes "missing class or wrong signature"
/// for that class alone.
enum GlueSource {
    /// File name of the shared glue (ABI version, conversions).
    static let commonFileName = "BPGGlueCommon.swift"
    /// The marker that ends lines touching a student's declaration.
    static let marker = "// bpg-expect: "

    /// The glue file name of a class.
    static func fileName(_ gradedClass: GradedClass) -> String { "BPGGlue_\(gradedClass.name).swift" }

    /// The module every plugin links against besides ExerciseKit: the wire format and the tensor
    /// conversions, built once with the kit (see ``KitBuild``) instead of in every plugin.
    static let supportModule = "BPGPluginSupport"

    /// The support module's own source, compiled together with the wire format's.
    static let support = """
        import ExerciseKit
        #if canImport(Glibc)
        import Glibc
        #endif

        public func __bpgTensor(_ wire: BPGWireTensor?) -> ExerciseKit.Tensor {
            let wire = wire ?? BPGWireTensor(shape: [0], scalars: [])
            return ExerciseKit.Tensor(shape: wire.shape, scalars: wire.scalars)
        }

        public func __bpgWire(_ tensor: ExerciseKit.Tensor?) -> BPGWireTensor? {
            guard let tensor else { return nil }
            return BPGWireTensor(shape: tensor.shape, scalars: tensor.scalars)
        }

        public func __bpgInputs(_ input: UnsafePointer<UInt8>?, _ length: Int, count: Int) -> [ExerciseKit.Tensor]? {
            guard let decoded = BPGWireCodec.decode(input, length), decoded.count == count else { return nil }
            return decoded.map(__bpgTensor)
        }

        public func __bpgDeliver(
            _ outputs: [ExerciseKit.Tensor?], _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
            _ outputLength: UnsafeMutablePointer<Int>?
        ) -> Int32 {
            let bytes = BPGWireCodec.encode(outputs.map(__bpgWire))
            guard let output, let outputLength, let buffer = malloc(max(1, bytes.count)) else { return 3 }
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { buffer.copyMemory(from: base, byteCount: raw.count) }
            }
            output.pointee = buffer.assumingMemoryBound(to: UInt8.self)
            outputLength.pointee = bytes.count
            return 0
        }

        """

    /// The shared glue compiled into a plugin: the ABI version entry point.
    static let common = """
        import BPGPluginSupport

        @_cdecl("bpg_abi_version")
        public func __bpgABIVersion() -> Int32 { BPGWireCodec.abiVersion }

        """

    /// Which glue line (its index in the class's ``GradedClass/glue``) is at `line` of the class's
    /// entry-point file (``fileName(_:)``), e.g. the line a crash reporter's frame names.
    ///
    /// - Parameters:
    ///   - line: the 1-based line number in the generated file.
    ///   - gradedClass: the class.
    /// - Returns: the glue line's index, or `nil` when that line is not one of them.
    static func glueStep(atLine line: Int, of gradedClass: GradedClass) -> Int? {
        let lines = entryPoint(gradedClass).split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        return gradedClass.glue.firstIndex { text.contains($0.code) }
    }

    /// The entry point of one class, from its glue lines: each line that touches a student's
    /// declaration ends with ``marker`` and the declaration it needs.
    static func entryPoint(_ gradedClass: GradedClass) -> String {
        let name = gradedClass.name
        var body = gradedClass.glue.map { line in line.expects.map { "\(line.code) \(marker)\($0)" } ?? line.code }
        body.append(
            "return __bpgDeliver([\(gradedClass.outputs.map(\.variable).joined(separator: ", "))], output, outputLength)"
        )
        return """
            import ExerciseKit
            import BPGPluginSupport

            @_cdecl("\(gradedClass.entryPointSymbol)")
            public func __bpgRun\(name)(
                _ input: UnsafePointer<UInt8>?, _ length: Int,
                _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ outputLength: UnsafeMutablePointer<Int>?
            ) -> Int32 {
                guard let inputs = __bpgInputs(input, length, count: \(gradedClass.inputs.count)) else { return 2 }
            \(body.map { "    " + $0 }.joined(separator: "\n"))
            }

            """
    }
}

// The worker's channel, decoded from byte arrays: the rules a forged or malformed frame breaks, and
// the events of honest ones. Pure: no worker.

import PluginWire
import Testing
import WorkerRuntime

@testable import GraderCore

@Suite("Frame decoder")
struct FrameDecoderTests {
    /// A frame's bytes.
    func frame(
        _ kind: WorkerProtocol.FrameKind, index: UInt32 = 0, extra: UInt32 = 0, seconds: Double = 0.5,
        payload: [UInt8] = []
    ) -> [UInt8] {
        WorkerProtocol.encode(.init(kind: kind, index: index, extra: extra, seconds: seconds, payload: payload))
    }

    let output = BPGWireCodec.encode([BPGWireTensor(shape: [1, 2], scalars: [1, 2])])

    @Test("an honest run: hello, results, done")
    func honestRun() {
        var decoder = FrameDecoder(maximumScalars: [100, 100])
        let bytes =
            frame(.hello) + frame(.result, index: 0, payload: output) + frame(.entryFailed, index: 1, extra: 2)
            + frame(.done, index: 2)
        let events = decoder.feed(bytes)
        #expect(decoder.violation == nil)
        #expect(
            events == [
                .hello,
                .result(index: 0, outputs: [.tensor(BPGWireTensor(shape: [1, 2], scalars: [1, 2]))], seconds: 0.5),
                .refused(index: 1, code: 2, seconds: 0.5), .done,
            ])
        #expect(decoder.isComplete)
    }

    @Test("bytes arriving one at a time give the same events")
    func byteByByte() {
        var whole = FrameDecoder(maximumScalars: [100])
        var split = FrameDecoder(maximumScalars: [100])
        let bytes = frame(.hello) + frame(.result, index: 0, payload: output) + frame(.done, index: 1)
        let expected = whole.feed(bytes)
        var events: [FrameDecoder.Event] = []
        for byte in bytes { events += split.feed([byte]) }
        #expect(events == expected)
        #expect(split.violation == nil)
    }

    @Test("an oversized output comes as its shape, and is a result")
    func oversized() {
        var decoder = FrameDecoder(maximumScalars: [4])
        let events = decoder.feed(
            frame(.hello) + frame(.oversized, index: 0, payload: WorkerProtocol.encodeShapes([[8_000_000], nil])))
        #expect(events.last == .result(index: 0, outputs: [.oversized(shape: [8_000_000]), .absent], seconds: 0.5))
        #expect(decoder.violation == nil)
    }

    @Test("a bad request before hello is the worker refusing the grader's request, not a violation")
    func badRequest() {
        var decoder = FrameDecoder(maximumScalars: [10])
        #expect(decoder.feed(frame(.badRequest)) == [.badRequest])
        #expect(decoder.violation == nil)
        #expect(
            "\(SandboxError.workerRefusedRequest(program: "/opt/bin/grader-worker", version: 3))".contains(
                "not from the same build as the grader; build and install grader and grader-worker together"))
    }

    struct Forgery: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var says: String
        var testDescription: String { name }
    }

    static let forgeries: [Forgery] = {
        let test = FrameDecoderTests()
        let hello = test.frame(.hello)
        return [
            Forgery(name: "garbage", bytes: Array(repeating: 0x41, count: 64), says: "unexpected bytes"),
            Forgery(name: "a second hello", bytes: hello + hello, says: "second hello"),
            Forgery(name: "a result before hello", bytes: test.frame(.result, payload: test.output), says: "before"),
            Forgery(
                name: "a NaN time", bytes: hello + test.frame(.entryFailed, seconds: .nan), says: "impossible time"),
            Forgery(
                name: "a negative time", bytes: hello + test.frame(.entryFailed, seconds: -1), says: "impossible time"),
            Forgery(
                name: "an index out of range", bytes: hello + test.frame(.entryFailed, index: 4_000_000_000),
                says: "4000000000"),
            Forgery(
                name: "a case answered twice",
                bytes: hello + test.frame(.entryFailed, index: 0) + test.frame(.result, index: 0, payload: test.output),
                says: "second result"),
            Forgery(name: "done too early", bytes: hello + test.frame(.done, index: 1), says: "0 of 1"),
            Forgery(
                name: "a 60 MB message",
                bytes: hello + Array(test.frame(.loadFailed, payload: [0x41]).prefix(24)) + [
                    0, 0, 0xC0, 3, 0, 0, 0, 0,
                ],
                says: "at most 4096"),
            Forgery(
                name: "a result larger than the case allows",
                bytes: hello
                    + test.frame(
                        .result, index: 0,
                        payload: BPGWireCodec.encode([
                            BPGWireTensor(shape: [5000], scalars: Array(repeating: 0, count: 5000))
                        ])),
                says: "at most"),
            Forgery(name: "a bad request after hello", bytes: hello + test.frame(.badRequest), says: "after hello"),
            Forgery(
                name: "a frame after done",
                bytes: hello + test.frame(.entryFailed) + test.frame(.done, index: 1) + hello, says: "after the last"),
        ]
    }()

    @Test(
        "each forgery is a violation that says what was wrong, and nothing after it is believed", arguments: forgeries)
    func forgery(_ forgery: Forgery) {
        var decoder = FrameDecoder(maximumScalars: [10])
        _ = decoder.feed(forgery.bytes)
        let violation = decoder.violation ?? ""
        #expect(violation.contains(forgery.says), "\(violation)")
        #expect(violation.contains("descriptor 4"))
        #expect(decoder.feed(frame(.done, index: 1)).isEmpty, "a frame after the violation was believed")
    }
}

@Suite("Output capture")
struct OutputCaptureTests {
    @Test("the head and the tail are kept, the middle counted")
    func capped() {
        var capture = OutputCapture(capBytes: 10)
        capture.append(Array("0123456789abcdefghij".utf8))
        #expect(capture.totalBytes == 20)
        #expect(capture.text == "01234\n[... 10 bytes of output dropped ...]\nfghij")
    }

    @Test("control characters, C1 controls and bidirectional overrides become U+FFFD; newlines and tabs stay")
    func printable() {
        let text = OutputCapture.printable(Array("a\u{1B}[2Jb\u{07}\tc\n\u{9B}d\u{202E}e".utf8))
        #expect(text == "a\u{FFFD}[2Jb\u{FFFD}\tc\n\u{FFFD}d\u{FFFD}e")
    }
}

@Suite("Compiler diagnostics")
struct CompilerDiagnosticsTests {
    @Test("errors are the student's only at the full path of the student's file")
    func fullPathsOnly() {
        let output = """
            /submission/Activations.swift:3:5: error: cannot find 'x' in scope
              3 | x
            BPGGlue_ReLU.swift:5:27: error: forged location
            /submission/BPGGlue_ReLU.swift:9:40: error: value of type 'ReLU' has no member 'backward'
            """
        let report = CompilerDiagnostics(output: output, workDirectory: "/submission")
        #expect(report.hasErrors(in: "Activations.swift"))
        #expect(report.errors(in: "BPGGlue_ReLU.swift").map(\.line) == [9], "the forged one is not the glue's")
        #expect(report.studentDiagnostics(file: "Activations.swift", fallback: "").hasPrefix("Activations.swift:3:5"))
    }

    @Test("a glue error on a marked line names the member the student must declare")
    func signatureProblem() throws {
        let glue = GlueSource.entryPoint(.relu).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(glue.firstIndex { $0.contains("layer.backward") }) + 1
        let report = CompilerDiagnostics(
            output: "/w/BPGGlue_ReLU.swift:\(line):9: error: incorrect argument label", workDirectory: "/w")
        #expect(report.blamesStudentDeclarations(.relu))
        #expect(report.signatureProblem(.relu).contains("func backward(_ dout: Tensor) -> Tensor"))
    }

    @Test("the expected declaration is made from the glue")
    func declarationFromGlue() {
        #expect(
            GradedClass.fullyConnected.expectedDeclaration
                == "final class FullyConnected { init(W: Tensor, b: Tensor); func forward(_ x: Tensor) -> Tensor; "
                + "func backward(_ dout: Tensor) -> Tensor; var dW: Tensor?; var db: Tensor? }")
    }
}

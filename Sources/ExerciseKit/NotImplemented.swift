#if canImport(Glibc)
    import Glibc
#endif

/// Stops the program: the body of a member that is not written yet.
///
/// The exercise templates call it where your code goes, e.g. `notImplemented("Sigmoid.backward")`;
/// replace the call with your code. It stops with `Fatal error: Sigmoid.backward is not implemented
/// yet` and the file and line of the call, and the grader reports the member as not implemented (a
/// score of 0 for what it produces) rather than as a crash.
///
/// - Parameters:
///   - member: the member's name, e.g. `FullyConnected.backward`.
///   - file: the calling file (filled in for you).
///   - line: the calling line (filled in for you).
public func notImplemented(_ member: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    if let report = notImplementedReport { member.withCString { report($0) } }
    fatalError("\(member) is not implemented yet", file: file, line: line)
}

/// Who hears of a `notImplemented` call: the grader's worker, which sets it through the C entry
/// point below before it runs any case.
nonisolated(unsafe) private var notImplementedReport: (@convention(c) (UnsafePointer<CChar>?) -> Void)?

/// Sets who hears of a `notImplemented` call. Only the grader's worker calls it (by its C name,
/// through `dlsym`); it is not part of the API a submission uses (public only so that the C symbol is
/// exported from the library).
@_cdecl("bpg_exercisekit_set_not_implemented_report")
public func _bpgSetNotImplementedReport(_ report: (@convention(c) (UnsafePointer<CChar>?) -> Void)?) {
    notImplementedReport = report
}

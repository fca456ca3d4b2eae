/// How the HTML pages write numbers, shapes and verdicts: one way everywhere, each from the value a
/// report or `summary.json` holds (nothing is recomputed).
enum HTMLFormat {
    /// A number as `summary.json` has it, without a needless `.0`: `6.779`, `8.6155`, `10`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(describing: value)
    }

    /// A fraction as a percentage with at most one decimal: `0.625` → `62.5%`.
    static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded() / 10
        return number(tenths) + "%"
    }

    /// A shape or a multi-index: `[2, 3]`.
    static func shape(_ dimensions: [Int]) -> String {
        "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
    }

    /// The shapes of a case's inputs, sorted by name: `t: [2], x: [2, 3]`.
    static func shapes(_ inputs: [String: [Int]]) -> String {
        inputs.sorted { $0.key < $1.key }.map { "\($0.key): \(shape($0.value))" }.joined(separator: ", ")
    }

    /// A verdict's label for people, from its raw value (`wrongValues` → `wrong values`).
    static func verdict(_ rawValue: String) -> String {
        MethodStatus(rawValue: rawValue)?.label ?? rawValue
    }

    /// The colour a verdict is drawn in, one per ``MethodStatus`` (green for passed, warm colours for
    /// wrong results, red and purple for runs that ended badly, blues for compile verdicts, greys for
    /// what was not run).
    static func colour(_ rawValue: String) -> String {
        guard let status = MethodStatus(rawValue: rawValue) else { return "#000000" }
        switch status {
        case .passed: return "#2e7d32"
        case .wrongValues: return "#f9a825"
        case .wrongShape: return "#ef6c00"
        case .nonFinite: return "#8d6e63"
        case .missingValue: return "#d7ccc8"
        case .notImplemented: return "#9e9e9e"
        case .crashed: return "#c62828"
        case .timedOut: return "#6a1b9a"
        case .memoryLimit: return "#ad1457"
        case .exitedWithoutResult: return "#f06292"
        case .protocolViolation: return "#4e342e"
        case .missingMember: return "#00838f"
        case .compileError: return "#1565c0"
        case .compileTimedOut: return "#283593"
        case .compileMemoryLimit: return "#7986cb"
        case .missingFile: return "#e0e0e0"
        case .rejectedFile: return "#616161"
        }
    }

    /// A short note on what kept a report from full marks, for a table cell: the file's verdict when
    /// it was not run (`compile error`, `missing file`), else the first method that ended badly
    /// (`crashed`, `not implemented`, ...); `nil` for a report whose methods all ran.
    static func note(_ report: ExerciseReport) -> String? {
        switch report.status {
        case .compileError: return MethodStatus.compileError.label
        case .compileTimedOut: return MethodStatus.compileTimedOut.label
        case .compileMemoryLimit: return MethodStatus.compileMemoryLimit.label
        case .missingFile: return MethodStatus.missingFile.label
        case .rejectedFile: return MethodStatus.rejectedFile.label
        case .graded:
            let severe: Set<MethodStatus> = [
                .crashed, .timedOut, .memoryLimit, .exitedWithoutResult, .protocolViolation, .missingMember,
                .notImplemented,
            ]
            return report.methods.first { severe.contains($0.status) }?.status.label
        }
    }
}

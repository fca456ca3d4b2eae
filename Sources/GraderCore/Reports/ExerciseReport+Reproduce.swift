import Foundation

extension ExerciseReport {
    /// The one-line command that re-runs one failing case of a method and shows its inputs, the
    /// expected and the actual values (`grader run ... --case K --class C --seed N`).
    ///
    /// - Parameters:
    ///   - failure: the failing case.
    ///   - method: the method it failed for.
    /// - Returns: the command, its arguments quoted for a POSIX shell where they need it.
    public func reproduceCommand(for failure: CaseFailure, of method: MethodResult) -> String {
        let className = method.name.rawValue.split(separator: ".").first.map(String.init) ?? method.name.rawValue
        return [
            "grader", "run", "--exercise", exercise.rawValue, "--submission", submission, "--case",
            String(failure.caseIndex), "--class", className, "--seed", String(failure.seed),
        ].map(ShellQuoting.quote).joined(separator: " ")
    }
}

/// Quoting words for a POSIX shell.
public enum ShellQuoting {
    /// `word` as it must be typed: as is when it holds only safe characters, else in single quotes.
    public static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "-_./=:@%+,".unicodeScalars.contains(scalar)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

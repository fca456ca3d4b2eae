extension ExerciseReport {
    /// What a class printed, from ``output``: the section under the grader's `[Class: N bytes]`
    /// header for it, or `nil` when it printed nothing.
    public func printed(by className: String) -> String? {
        guard let output else { return nil }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let header = "[\(className): "
        guard let start = lines.lastIndex(where: { $0.hasPrefix(header) && $0.hasSuffix(" bytes]") }) else {
            return nil
        }
        let classNames = methods.compactMap { $0.name.rawValue.split(separator: ".").first.map(String.init) }
        var end = lines.endIndex
        if let position = classNames.firstIndex(of: className) {
            let later = Set(classNames[(position + 1)...]).subtracting([className])
            if let next = lines[(start + 1)...].firstIndex(where: { line in
                later.contains { line.hasPrefix("[\($0): ") && line.hasSuffix(" bytes]") }
            }) {
                end = next
            }
        }
        let text = lines[(start + 1)..<end].joined(separator: "\n")
        return text.isEmpty ? nil : text
    }
}

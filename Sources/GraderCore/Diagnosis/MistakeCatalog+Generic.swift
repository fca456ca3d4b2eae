import ExerciseKit

// Generic relations to the expected value, for any quantity: a transpose, right values in a wrong
// shape, a constant factor, NaN or infinity where everything else is right, errors only where x is 0,
// errors confined to some rows or columns. They come after every class's own entries, which name the
// cause more exactly.

extension MistakeCatalog {
    /// The generic entries, most specific first.
    static let generic: [Mistake] = [
        Mistake(
            id: "generic.transposed", quantities: nil,
            headline: { "Your \($0.shortName) is the transpose of the expected one" },
            advice: { _ in "check the order of the operands of your matrix products, or a stray transposed()." },
            matches: { observation in
                observation.expected.rank == 2 && observation.isClose(to: observation.expected.transposed())
            }),
        Mistake(
            id: "generic.wrong-shape", quantities: nil,
            headline: { "Your \($0.shortName) has the right values in the wrong shape" },
            advice: { observations in
                guard let first = observations.first else { return "reshape it to the expected shape." }
                let shapes = "\(format(first.actual.shape)) instead of \(format(first.expected.shape))"
                return "on \(first.caseName) it is \(shapes); build or reshape it to the expected shape."
            },
            matches: { observation in
                !observation.hasExpectedShape && observation.hasValues(observation.expected.scalars)
            }),
        Mistake(
            id: "generic.times-batch", quantities: nil,
            headline: { "Your \($0.shortName) equals the expected value times the batch size B" },
            advice: { _ in "look for a missing division by B, or a multiplication by B that does not belong." },
            matches: { observation in
                guard let batch = observation.batchSize, batch > 1 else { return false }
                return observation.isExpected(times: Double(batch))
            }),
        Mistake(
            id: "generic.divided-by-batch", quantities: nil,
            headline: { "Your \($0.shortName) equals the expected value divided by the batch size B" },
            advice: { _ in "remove the division by B (or the mean over the batch); this gradient is a plain sum." },
            matches: { observation in
                guard let batch = observation.batchSize, batch > 1 else { return false }
                return observation.isExpected(dividedBy: Double(batch))
            }),
        Mistake(
            id: "generic.doubled", quantities: nil,
            headline: { "Your \($0.shortName) is twice the expected value" },
            advice: { _ in "look for a factor 2 too many, e.g. a term counted twice or a 0.5 of the loss left out." },
            matches: { $0.isExpected(times: 2) }),
        Mistake(
            id: "generic.halved", quantities: nil,
            headline: { "Your \($0.shortName) is half the expected value" },
            advice: { _ in
                "look for a stray factor 0.5 or a division by 2, e.g. the 0.5 of the loss copied into the gradient."
            },
            matches: { $0.isExpected(times: 0.5) }),
        Mistake(
            id: "generic.negated", quantities: nil,
            headline: { "Your \($0.shortName) has the opposite sign of the expected value everywhere" },
            advice: { _ in "check the order of a subtraction (a - b versus b - a) or a stray minus sign." },
            matches: { $0.isExpected(times: -1) }),
        Mistake(
            id: "generic.non-finite", quantities: nil,
            headline: { "Your \($0.shortName) contains NaN or infinity, and is right everywhere else" },
            advice: { observations in
                let cases = MistakeCatalog.caseList(observations)
                if MistakeCatalog.nonFiniteOnlyAtZeroInput(observations) {
                    return "it happens exactly where the input x is 0 (\(cases)); look for a division by x, "
                        + "or a 0/0, there."
                }
                return "it happens \(cases); look for an exp that overflows, a division by zero or a log of 0 "
                    + "on those inputs."
            },
            matches: { observation in
                guard observation.hasExpectedShape, observation.hasNonFinite else { return false }
                let actual = observation.actual.scalars
                let expected = observation.expected.scalars
                return actual.indices.allSatisfy { index in
                    !actual[index].isFinite || observation.tolerance.accepts(actual[index], expected: expected[index])
                }
            }),
        Mistake(
            id: "generic.wrong-at-zero-input", quantities: nil,
            headline: { "Your \($0.shortName) is wrong only where the input x is exactly 0" },
            advice: { _ in
                "check how your code treats x = 0, e.g. a comparison with < where <= belongs, or a division by x."
            },
            corroboration: { observations in
                // At least one case where x is not all zeros, so "only where x is 0" says something.
                observations.contains { $0.input("x")?.scalars.contains { $0 != 0 } ?? false }
            },
            matches: { observation in
                guard let x = observation.input("x"), x.shape == observation.expected.shape,
                    let offsets = observation.wrongOffsets, !offsets.isEmpty
                else { return false }
                let values = x.scalars
                return offsets.allSatisfy { values[$0] == 0 }
            }),
        Mistake(
            id: "generic.some-rows", quantities: nil,
            headline: { "Your \($0.shortName) is wrong only in some rows and right in the others" },
            advice: { observations in
                confinedAdvice(
                    observations, axis: "row", loop: "the batch", wrong: \.wrongRows, size: \.expected.shape.first)
            },
            corroboration: { observations in observations.contains { ($0.expected.shape.first ?? 0) > 1 } },
            matches: { observation in
                guard let rows = observation.expected.shape.first, let wrong = observation.wrongRows, !wrong.isEmpty
                else { return false }
                return rows == 1 || wrong.count < rows
            }),
        Mistake(
            id: "generic.some-columns", quantities: nil,
            headline: { "Your \($0.shortName) is wrong only in some columns and right in the others" },
            advice: { observations in
                confinedAdvice(
                    observations, axis: "column", loop: "the features", wrong: \.wrongColumns,
                    size: \.expected.shape.last)
            },
            corroboration: { observations in observations.contains { ($0.expected.shape.last ?? 0) > 1 } },
            matches: { observation in
                guard let columns = observation.expected.shape.last, let wrong = observation.wrongColumns,
                    !wrong.isEmpty
                else { return false }
                return columns == 1 || wrong.count < columns
            }),
    ]

    /// Where errors confined to some rows (or columns) are, and what that suggests.
    ///
    /// The last index alone on every case points at a loop that stops one short; the first alone at a
    /// loop that starts at 1; the same indices on every case are named; otherwise one case is given as an
    /// example. Cases with a single row (column) are ambiguous and only count when nothing else does.
    static func confinedAdvice(
        _ observations: [Observation], axis: String, loop: String, wrong: KeyPath<Observation, Set<Int>?>,
        size: KeyPath<Observation, Int?>
    ) -> String {
        let sets = observations.compactMap { observation -> (set: Set<Int>, size: Int, name: String)? in
            guard let set = observation[keyPath: wrong], let count = observation[keyPath: size] else { return nil }
            return (set, count, observation.caseName)
        }
        let telling = sets.filter { $0.size > 1 }
        let considered = telling.isEmpty ? sets : telling
        if !considered.isEmpty, considered.allSatisfy({ $0.set == [$0.size - 1] }) {
            return "the last \(axis) of each failing case, so a loop over \(loop) probably stops one short "
                + "(use 0..<count)."
        }
        if !considered.isEmpty, considered.allSatisfy({ $0.set == [0] }) {
            return "the first \(axis) of each failing case, so a loop over \(loop) probably skips index 0 "
                + "or treats it apart."
        }
        if let first = considered.first, considered.allSatisfy({ $0.set == first.set }) {
            return "\(named(axis, first.set)) of every failing case; look at what your code does differently there."
        }
        guard let example = considered.first else {
            return "look at what your code does differently in those \(axis)s."
        }
        return "e.g. \(named(axis, example.set)) of \(example.name); look at what your code does differently there."
    }

    /// `row 3` or `rows 1, 4 and 6`.
    static func named(_ axis: String, _ indices: Set<Int>) -> String {
        (indices.count == 1 ? axis : axis + "s") + " " + list(Array(indices))
    }

    /// Whether every non-finite value of every case sits where the input x is exactly 0.
    static func nonFiniteOnlyAtZeroInput(_ observations: [Observation]) -> Bool {
        observations.allSatisfy { observation in
            guard let x = observation.input("x"), x.shape == observation.actual.shape else { return false }
            let values = x.scalars
            let actual = observation.actual.scalars
            return actual.indices.allSatisfy { actual[$0].isFinite || values[$0] == 0 }
        }
    }

    /// The failing cases in words for hints: "only on the edge case large-logits", or "on case 3
    /// (random) and case 9 (saturated)", or the first three and how many more.
    static func caseList(_ observations: [Observation]) -> String {
        let kinds = Set(observations.map(\.testCase.kind))
        if kinds.count == 1, let kind = kinds.first, kind != "random", kind != "sample" {
            return observations.count == 1 ? "only on the edge case \(kind)" : "only on the edge cases \(kind)"
        }
        let names = observations.map(\.caseName)
        if names.count > 3 { return "on " + names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more" }
        if names.count > 1 { return "on " + names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "") }
        return "on " + (names.first ?? "no case")
    }
}

import Foundation
import Synchronization

/// The grading plans of a grader's exercises, each made on first use (or ahead, in the
/// background, by ``prepare(_:)``) and then shared.
///
/// A plan costs milliseconds (the MNIST-scale reference of fc-backward about 9 ms): a grade served
/// from the result cache never needs one, and a cold grade makes it while its files compile.
public final class GradingPlans: Sendable {
    /// One exercise's plan, made once under its own lock: two threads never make the same plan
    /// twice, and a wait for one plan never waits for another.
    private final class Slot: Sendable {
        let configuration: ExerciseConfiguration
        let plan = Mutex<GradingPlan?>(nil)

        init(_ configuration: ExerciseConfiguration) { self.configuration = configuration }
    }

    private let slots: [ExerciseID: Slot]
    private let seed: UInt64

    /// The plans of `exercises` for `seed`, none made yet.
    init(_ exercises: [ExerciseConfiguration], seed: UInt64) {
        slots = Dictionary(exercises.map { ($0.id, Slot($0)) }, uniquingKeysWith: { first, _ in first })
        self.seed = seed
    }

    /// The exercises there are plans for.
    public var keys: [ExerciseID] { Array(slots.keys) }

    /// The configuration of `exercise`, without making its plan.
    public func configuration(_ exercise: ExerciseID) -> ExerciseConfiguration? { slots[exercise]?.configuration }

    /// The plan of `exercise`, made now if it was not yet; `nil` for an exercise the grader lacks.
    public subscript(_ exercise: ExerciseID) -> GradingPlan? {
        guard let slot = slots[exercise] else { return nil }
        let seed = seed
        return slot.plan.withLock { plan in
            if let plan { return plan }
            let made = GradingPlan(exercise: slot.configuration, seed: seed)
            plan = made
            return made
        }
    }

    /// Starts making the plans of `exercises` on another thread, so that they are ready (or nearly)
    /// when first used; returns at once.
    public func prepare(_ exercises: [ExerciseID]) {
        let missing = exercises.filter { exercise in slots[exercise]?.plan.withLock { $0 == nil } ?? false }
        guard !missing.isEmpty else { return }
        let thread = Thread { [self] in
            for exercise in missing { _ = self[exercise] }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

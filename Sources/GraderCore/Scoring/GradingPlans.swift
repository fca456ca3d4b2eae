import Dispatch
import Synchronization

/// A grader's grading plans, made on threads of their own from the grader's creation on: a first
/// grading reads the submission, finds or compiles its plugin and starts its worker while the cases
/// and reference outputs are computed (the MNIST-scale case of fc-backward takes a few
/// milliseconds). Reading ``value`` waits for them.
final class GradingPlans: Sendable {
    /// The configurations of the exercises planned, known at once.
    let configurations: [ExerciseConfiguration]
    private let made = Mutex<[ExerciseID: GradingPlan]?>(nil)
    private let finished = DispatchGroup()

    /// Starts making the plans of `configurations` with `seed`.
    init(_ configurations: [ExerciseConfiguration], seed: UInt64) {
        self.configurations = configurations
        finished.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let plans = Mutex<[ExerciseID: GradingPlan]>([:])
            DispatchQueue.concurrentPerform(iterations: configurations.count) { index in
                let plan = GradingPlan(exercise: configurations[index], seed: seed)
                plans.withLock { $0[plan.exercise.id] = plan }
            }
            made.withLock { $0 = plans.withLock { $0 } }
            finished.leave()
        }
    }

    /// The exercises planned, sorted by identifier (for messages).
    var identifiers: [String] { configurations.map(\.id.rawValue).sorted() }

    /// The configuration of `exercise`, if it is planned.
    func configuration(of exercise: ExerciseID) -> ExerciseConfiguration? {
        configurations.first { $0.id == exercise }
    }

    /// The plans, once they are made.
    var value: [ExerciseID: GradingPlan] {
        if let plans = made.withLock({ $0 }) { return plans }
        finished.wait()
        return made.withLock { $0 } ?? [:]
    }
}

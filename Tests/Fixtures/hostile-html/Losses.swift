// Hostile HTML fixture: does not compile, and the line the compiler quotes holds markup meant to
// run a script in the report. Expected: compileError, the diagnostics shown as text.
import ExerciseKit

final class SoftmaxWithLoss {
    init() {}

    func forward(_ x: Tensor, _ t: [Int]) -> Double {
        let payload: Int = "</pre><script>console.log('xss-canary diagnostics')</script><i class=xss-canary>i</i>"
        return Double(payload)
    }

    func backward() -> Tensor {
        Tensor([[0]])
    }
}

final class MeanSquaredError {
    init() {}

    func forward(_ y: Tensor, _ t: Tensor) -> Double { 0 }

    func backward() -> Tensor { Tensor([[0]]) }
}

import ExerciseKit

/// The logistic sigmoid, `y = 1 / (1 + e^-x)`, applied element-wise.
///
/// `forward(_:)` is written for you and keeps its output in `out`.
///
/// Your task: write `backward(_:)`. `dout` is the gradient of the loss with respect to the
/// output (same shape as the input); return the gradient with respect to the input.
final class Sigmoid {
    /// The output of the last forward pass.
    var out: Tensor?

    init() {}

    /// Returns `1 / (1 + e^-x)` element-wise and keeps it in `out`.
    func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    /// Returns the gradient of the loss with respect to the input of `forward(_:)`.
    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        notImplemented("Sigmoid.backward")
        // ---- End your code ----
    }
}

/// The rectified linear unit, `y = max(0, x)`, applied element-wise.
///
/// `forward(_:)` is written for you. It keeps in `mask` one flag per input element, in
/// row-major order (the same order as `Tensor.scalars`): `true` where the input was `<= 0`.
///
/// Your task: write `backward(_:)`. `dout` is the gradient of the loss with respect to the
/// output (same shape as the input); return the gradient with respect to the input.
final class ReLU {
    /// `true` where the input of the last forward pass was `<= 0`, in row-major order.
    var mask: [Bool] = []

    init() {}

    /// Returns `max(0, x)` element-wise and records where `x <= 0` in `mask`.
    func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        return x.map { $0 > 0 ? $0 : 0 }
    }

    /// Returns the gradient of the loss with respect to the input of `forward(_:)`.
    func backward(_ dout: Tensor) -> Tensor {
        // ---- Begin your code ----
        notImplemented("ReLU.backward")
        // ---- End your code ----
    }
}

import ExerciseKit

/// The reference logistic sigmoid activation, applied element-wise.
///
/// Forward computes `y = 1 / (1 + e^-x)` and keeps `y`; since `dy/dx = (1 - y)·y`, backward
/// needs only that output: `dx = dout·(1 - y)·y`.
public final class Sigmoid {
    /// The output of the last forward pass.
    private var out: Tensor?

    /// Creates a sigmoid layer.
    public init() {}

    /// Returns `1 / (1 + e^-x)` element-wise and remembers it.
    ///
    /// Very negative inputs make `e^-x` overflow to infinity, which still gives the right
    /// limit, 0.
    public func forward(_ x: Tensor) -> Tensor {
        let y = 1.0 / (1.0 + exp(-x))
        out = y
        return y
    }

    /// Returns `dout·(1 - y)·y`, the gradient with respect to the input of `forward(_:)`.
    public func backward(_ dout: Tensor) -> Tensor {
        guard let y = out else {
            preconditionFailure("Sigmoid.backward was called before forward")
        }
        return dout * (1.0 - y) * y
    }
}

/// The reference rectified linear unit, `y = max(0, x)`, applied element-wise.
///
/// Forward records a mask of the inputs that are `<= 0`; backward passes `dout` through
/// everywhere else and blocks it (0) under the mask. At exactly `x = 0` the gradient used is
/// the subgradient 0.
public final class ReLU {
    /// `true` where the last input was `<= 0`, in row-major order.
    private var mask: [Bool] = []
    /// The shape of the last input.
    private var inputShape: [Int]?

    /// Creates a ReLU layer.
    public init() {}

    /// Returns `max(0, x)` element-wise and records where `x <= 0`.
    public func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 <= 0 }
        inputShape = x.shape
        return x.map { $0 > 0 ? $0 : 0 }
    }

    /// Returns `dout` with the entries under the mask set to 0.
    public func backward(_ dout: Tensor) -> Tensor {
        guard let inputShape else {
            preconditionFailure("ReLU.backward was called before forward")
        }
        precondition(dout.shape == inputShape,
                     "ReLU.backward: dout has shape \(dout.shape), the input had \(inputShape)")
        var dx = dout
        for index in mask.indices where mask[index] {
            dx[flat: index] = 0
        }
        return dx
    }
}

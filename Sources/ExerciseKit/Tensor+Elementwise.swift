// Element-wise transforms: map, zipMap and the math functions exp, log, sqrt.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Tensor {
    /// Returns a tensor of the same shape with `transform` applied to every element.
    ///
    /// For example `x.map { $0 > 0 ? $0 : 0 }` is ReLU.
    ///
    /// - Parameter transform: The function to apply to each element.
    /// - Returns: A tensor of `shape` whose element `i` is `transform(scalars[i])`.
    /// - Complexity: O(*n*) calls of `transform`.
    public func map(_ transform: (Double) -> Double) -> Tensor {
        mapFast(transform)
    }

    /// Combines two tensors of the same shape element by element.
    ///
    /// There is no broadcasting here: traps naming both shapes if they differ.
    /// For example `y.zipMap(dout) { y, d in d * y * (1 - y) }` is the sigmoid's backward step.
    ///
    /// - Parameters:
    ///   - other: A tensor of the same shape.
    ///   - combine: The function of an element of `self` and the element of `other` at the same index.
    /// - Returns: A tensor of `shape` whose element `i` is `combine(scalars[i], other.scalars[i])`.
    /// - Complexity: O(*n*) calls of `combine`.
    public func zipMap(_ other: Tensor, _ combine: (Double, Double) -> Double) -> Tensor {
        guard shape == other.shape else {
            KitFailure.stop(Tensor.zipMapMessage(shape, other.shape))
        }
        let count = scalars.count
        let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            scalars.withUnsafeBufferPointer { left in
                other.scalars.withUnsafeBufferPointer { right in
                    for i in 0..<count {
                        output[i] = combine(left[i], right[i])
                    }
                }
            }
            initialized = count
        }
        return Tensor(uncheckedShape: shape, scalars: result)
    }

    /// Applies `transform` to every element into a new tensor; inlined for the operators so the
    /// loop vectorises.
    ///
    /// - Parameter transform: The function to apply.
    /// - Returns: A tensor of `shape`.
    @inline(__always)
    func mapFast(_ transform: (Double) -> Double) -> Tensor {
        let count = scalars.count
        let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            scalars.withUnsafeBufferPointer { input in
                if let source = input.baseAddress, let target = output.baseAddress {
                    for i in 0..<count {
                        target[i] = transform(source[i])
                    }
                }
            }
            initialized = count
        }
        return Tensor(uncheckedShape: shape, scalars: result)
    }

    /// Applies `transform` to every element in place.
    ///
    /// - Parameter transform: The function to apply.
    @inline(__always)
    mutating func updateFast(_ transform: (Double) -> Double) {
        withMutableScalars { buffer in
            if let target = buffer.baseAddress {
                for i in 0..<buffer.count {
                    target[i] = transform(target[i])
                }
            }
        }
    }
}

/// Returns the exponential `e^x` of every element.
///
/// - Parameter x: The tensor.
/// - Returns: A tensor of `x.shape`; large inputs give `inf`, as in numpy.
/// - Complexity: O(*n*).
public func exp(_ x: Tensor) -> Tensor {
    x.mapFast { exp($0) }
}

/// Returns the natural logarithm of every element.
///
/// - Parameter x: The tensor.
/// - Returns: A tensor of `x.shape`; `log(0)` is `-inf` and a negative element gives NaN, as in numpy.
/// - Complexity: O(*n*).
public func log(_ x: Tensor) -> Tensor {
    x.mapFast { log($0) }
}

/// Returns the square root of every element.
///
/// - Parameter x: The tensor.
/// - Returns: A tensor of `x.shape`; a negative element gives NaN, as in numpy.
/// - Complexity: O(*n*).
public func sqrt(_ x: Tensor) -> Tensor {
    x.mapFast { $0.squareRoot() }
}

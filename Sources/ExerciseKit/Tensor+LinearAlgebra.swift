// The matrix product.

extension Tensor {
    /// Returns the matrix product, like numpy's `dot` for operands of rank 1 and 2.
    ///
    /// - `(m, k)·(k, n) -> (m, n)`
    /// - `(k)·(k, n) -> (n)` (a row vector times a matrix)
    /// - `(m, k)·(k) -> (m)` (a matrix times a column vector)
    /// - `(k)·(k) -> ()` (the inner product, a scalar tensor)
    ///
    /// Traps naming both shapes if the inner dimensions differ or a rank is not 1 or 2.
    /// Each element is accumulated in `Double`; the summation order is not the naive one, so
    /// results can differ from a textbook triple loop in the last bits.
    ///
    /// - Parameter other: The right operand.
    /// - Returns: The product.
    /// - Complexity: O(*m*·*k*·*n*), cache-blocked, with a contiguous inner loop the compiler
    ///   vectorises.
    public func matmul(_ other: Tensor) -> Tensor {
        guard let resultShape = Tensor.matmulShape(shape, other.shape) else {
            KitFailure.stop(Tensor.matmulMessage(shape, other.shape))
        }
        let m = rank == 2 ? shape[0] : 1
        let k = shape[rank - 1]
        let n = other.rank == 2 ? other.shape[1] : 1
        let count = m * n
        let result = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            guard let c = output.baseAddress else {
                initialized = 0
                return
            }
            c.initialize(repeating: 0, count: count)
            initialized = count
            scalars.withUnsafeBufferPointer { lhs in
                other.scalars.withUnsafeBufferPointer { rhs in
                    guard let a = lhs.baseAddress, let b = rhs.baseAddress else {
                        return
                    }
                    if n == 1 {
                        Tensor.matrixVectorProduct(m: m, k: k, a: a, x: b, y: c)
                    } else {
                        Tensor.matrixProduct(m: m, k: k, n: n, a: a, b: b, c: c)
                    }
                }
            }
        }
        return Tensor(uncheckedShape: resultShape, scalars: result)
    }

    /// Accumulates `C += A·B` for row-major `A (m×k)`, `B (k×n)`, `C (m×n)`.
    ///
    /// Loop order i-k-j: for each row of `A`, four rows of `B` at a time are scaled and added into
    /// the row of `C`, a contiguous loop over `j` that vectorises. The `k` and `j` ranges are
    /// blocked so that the panel of `B` being reused stays in cache, and two rows of `C` share
    /// every load of `B`.
    ///
    /// - Parameters:
    ///   - m: Rows of `A` and `C`.
    ///   - k: Columns of `A`, rows of `B`.
    ///   - n: Columns of `B` and `C`.
    ///   - a: `A`, row-major.
    ///   - b: `B`, row-major.
    ///   - c: `C`, row-major, initialised.
    static func matrixProduct(
        m: Int, k: Int, n: Int,
        a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>
    ) {
        let kBlock = 128
        let nBlock = 512
        var j0 = 0
        while j0 < n {
            let width = Swift.min(nBlock, n - j0)
            var p0 = 0
            while p0 < k {
                let p1 = Swift.min(p0 + kBlock, k)
                var i = 0
                while i + 1 < m {
                    accumulateTwoRows(
                        a0: a + i * k, a1: a + (i + 1) * k, b: b + j0, ldb: n,
                        c0: c + i * n + j0, c1: c + (i + 1) * n + j0,
                        from: p0, to: p1, width: width)
                    i += 2
                }
                if i < m {
                    accumulateRow(a: a + i * k, b: b + j0, ldb: n, c: c + i * n + j0, from: p0, to: p1, width: width)
                }
                p0 = p1
            }
            j0 += width
        }
    }

    /// Adds `sum over p in p0..<p1 of a0[p] * B[p, 0..<width]` into `c0`, and the same for `a1`/`c1`.
    ///
    /// - Parameters:
    ///   - a0: The first row of `A`.
    ///   - a1: The second row of `A`.
    ///   - b: The first column of the block of `B`.
    ///   - ldb: The row stride of `B`.
    ///   - c0: The block of the first row of `C`.
    ///   - c1: The block of the second row of `C`.
    ///   - p0: The first `k` index.
    ///   - p1: One past the last `k` index.
    ///   - width: The number of columns in the block.
    @inline(__always)
    private static func accumulateTwoRows(
        a0: UnsafePointer<Double>, a1: UnsafePointer<Double>, b: UnsafePointer<Double>, ldb: Int,
        c0: UnsafeMutablePointer<Double>, c1: UnsafeMutablePointer<Double>,
        from p0: Int, to p1: Int, width: Int
    ) {
        var p = p0
        while p + 4 <= p1 {
            let x0 = a0[p]
            let x1 = a0[p + 1]
            let x2 = a0[p + 2]
            let x3 = a0[p + 3]
            let y0 = a1[p]
            let y1 = a1[p + 1]
            let y2 = a1[p + 2]
            let y3 = a1[p + 3]
            let b0 = b + p * ldb
            let b1 = b0 + ldb
            let b2 = b1 + ldb
            let b3 = b2 + ldb
            for j in 0..<width {
                let v0 = b0[j]
                let v1 = b1[j]
                let v2 = b2[j]
                let v3 = b3[j]
                c0[j] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3
                c1[j] += y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3
            }
            p += 4
        }
        while p < p1 {
            let x = a0[p]
            let y = a1[p]
            let row = b + p * ldb
            for j in 0..<width {
                c0[j] += x * row[j]
                c1[j] += y * row[j]
            }
            p += 1
        }
    }

    /// Adds `sum over p in p0..<p1 of a[p] * B[p, 0..<width]` into `c`.
    ///
    /// - Parameters:
    ///   - a: The row of `A`.
    ///   - b: The first column of the block of `B`.
    ///   - ldb: The row stride of `B`.
    ///   - c: The block of the row of `C`.
    ///   - p0: The first `k` index.
    ///   - p1: One past the last `k` index.
    ///   - width: The number of columns in the block.
    @inline(__always)
    private static func accumulateRow(
        a: UnsafePointer<Double>, b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>,
        from p0: Int, to p1: Int, width: Int
    ) {
        var p = p0
        while p + 4 <= p1 {
            let x0 = a[p]
            let x1 = a[p + 1]
            let x2 = a[p + 2]
            let x3 = a[p + 3]
            let b0 = b + p * ldb
            let b1 = b0 + ldb
            let b2 = b1 + ldb
            let b3 = b2 + ldb
            for j in 0..<width {
                c[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j]
            }
            p += 4
        }
        while p < p1 {
            let x = a[p]
            let row = b + p * ldb
            for j in 0..<width {
                c[j] += x * row[j]
            }
            p += 1
        }
    }

    /// Computes `y[i] = A[i, :]·x` for row-major `A (m×k)`: the `n == 1` case, as dot products.
    ///
    /// - Parameters:
    ///   - m: Rows of `A`.
    ///   - k: Columns of `A`, length of `x`.
    ///   - a: `A`, row-major.
    ///   - x: The vector.
    ///   - y: The result, `m` elements.
    static func matrixVectorProduct(
        m: Int, k: Int, a: UnsafePointer<Double>, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<m {
            y[i] = dot(a + i * k, x, count: k)
        }
    }

    /// The inner product of two contiguous vectors, with four partial sums.
    ///
    /// - Parameters:
    ///   - u: The first vector.
    ///   - v: The second vector.
    ///   - count: Their length.
    /// - Returns: `sum of u[i] * v[i]`.
    static func dot(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += u[i] * v[i]
            s1 += u[i + 1] * v[i + 1]
            s2 += u[i + 2] * v[i + 2]
            s3 += u[i + 3] * v[i + 3]
            i += 4
        }
        while i < count {
            s0 += u[i] * v[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}

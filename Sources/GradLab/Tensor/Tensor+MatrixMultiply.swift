// The matrix product, delegated to the blocked kernel (GradLabKernels/MatrixKernel.swift): the
// one place where the teaching core hands a buffer to hot code.

import GradLabKernels

extension Tensor {
    /// The matrix product `self · other`, numpy's `np.dot` / `@` for ranks 1 and 2.
    ///
    /// ```
    /// (m×k) · (k×n) → m×n       C[i, j] = Σₚ A[i, p] · B[p, j]
    /// (k)   · (k×n) → n         a vector times a matrix (the book's x · W with x = [0.6, 0.9])
    /// (m×k) · (k)   → m         a matrix times a vector
    /// ```
    ///
    /// - Precondition: both operands have rank 1 or 2 (not both vectors) and the inner sizes
    ///   agree; the message names both shapes, e.g. `matmul: [100, 784] · [50, 10]`.
    /// - Complexity: 2·m·n·k floating-point operations.
    public func matmul(_ other: Tensor) -> Tensor {
        Tensor.matmul(self, other)
    }

    /// The matrix product of `op(a)` and `op(b)`, where `op` transposes when asked, without
    /// building the transposed matrix. Backprop needs `xᵀ · dout` (for dW) and `dout · Wᵀ`
    /// (for dx).
    ///
    /// - Precondition: as for `matmul(_:)`; transposes apply to matrices only.
    public static func matmul(
        _ a: Tensor, transposeA: Bool = false, _ b: Tensor, transposeB: Bool = false
    ) -> Tensor {
        let description = "matmul: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")"
        precondition((1...2).contains(a.rank) && (1...2).contains(b.rank) && a.rank + b.rank > 2,
                     "\(description): needs a matrix and a matrix or vector")
        precondition(!(transposeA && a.rank == 1) && !(transposeB && b.rank == 1),
                     "\(description): only matrices can be transposed")
        // View a vector on the left as a 1×k row and on the right as a k×1 column.
        let (aRows, aColumns) = a.rank == 1 ? (1, a.shape[0]) : (a.shape[0], a.shape[1])
        let (bRows, bColumns) = b.rank == 1 ? (b.shape[0], 1) : (b.shape[0], b.shape[1])
        let (m, k) = transposeA ? (aColumns, aRows) : (aRows, aColumns)
        let (kB, n) = transposeB ? (bColumns, bRows) : (bRows, bColumns)
        precondition(k == kB, "\(description): inner sizes differ (\(k) and \(kB))")
        var result = [Double](repeating: 0, count: m * n)
        a.scalars.withUnsafeBufferPointer { aBuffer in
            b.scalars.withUnsafeBufferPointer { bBuffer in
                result.withUnsafeMutableBufferPointer { cBuffer in
                    guard m > 0, n > 0, k > 0 else { return }
                    MatrixKernel.multiply(aBuffer.baseAddress!, transposeA: transposeA,
                                          bBuffer.baseAddress!, transposeB: transposeB,
                                          into: cBuffer.baseAddress!, m: m, n: n, k: k)
                }
            }
        }
        var shape = [m, n]
        if a.rank == 1 { shape = [n] } else if b.rank == 1 { shape = [m] }
        return Tensor(shape: shape, scalars: result)
    }
}

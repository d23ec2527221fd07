// Vector norms: L1, L2 and L∞, of all elements or along axes.

extension Tensor {
    /// Which vector norm: TensorFlow's and numpy's `ord`.
    ///
    /// ```
    /// .l1        ‖x‖₁ = Σ |xᵢ|          ord=1       (what L1 regularisation adds)
    /// .l2        ‖x‖₂ = √(Σ xᵢ²)        ord=2       (Euclidean; what clipping by norm uses)
    /// .infinity  ‖x‖∞ = maxᵢ |xᵢ|       ord=np.inf  (the largest element in size)
    /// ```
    public enum NormOrder: Sendable, Equatable, CaseIterable {
        /// The sum of absolute values, ord=1.
        case l1
        /// The Euclidean norm, ord=2.
        case l2
        /// The largest absolute value, ord=inf.
        case infinity
    }

    /// The norm of all elements, as if the tensor were one long vector: `tf.norm(x, ord=…)`,
    /// `np.linalg.norm(x.ravel(), ord=…)`. `norm(.l2)` equals the `norm` property.
    ///
    /// ```
    /// Tensor([3, -4]).norm(.l1) = 7,  .norm(.l2) = 5,  .norm(.infinity) = 4
    /// ```
    ///
    /// - Precondition: for `.infinity`, the tensor is not empty.
    public func norm(_ order: NormOrder) -> Double {
        norm(order, alongAxes: Array(0..<rank)).scalar
    }

    /// The norm over the listed axes, one per position of the others: `tf.norm(x, ord=…,
    /// axis=axes, keepdims=…)`, `np.linalg.norm(x, ord=…, axis=…)` for one axis. For a batch of
    /// row vectors, `x.norm(.l2, alongAxes: [1])` is the length of each row.
    ///
    /// - Parameters:
    ///   - axes: distinct axes to reduce over.
    ///   - keepingDimensions: keep the reduced axes with size 1, as in `sum(alongAxes:keepingDimensions:)`.
    /// - Precondition: for `.infinity`, the listed axes are not empty.
    public func norm(_ order: NormOrder, alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        switch order {
        case .l1: map(Swift.abs).sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        case .l2: (self * self).sum(alongAxes: axes, keepingDimensions: keepingDimensions).map { $0.squareRoot() }
        case .infinity: map(Swift.abs).max(alongAxes: axes, keepingDimensions: keepingDimensions)
        }
    }
}

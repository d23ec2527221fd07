// The tape's reductions over any set of axes, and norms. A sum sends its gradient to every
// element it added; a maximum or minimum only to the element it picked.

extension Variable {
    /// The sum over the listed axes (`tf.reduce_sum(x, axis, keepdims)`; see
    /// `Tensor.sum(alongAxes:keepingDimensions:)`).
    ///
    /// ```
    /// backward: g copied to every element that was added (reshaped with the reduced axes kept
    ///           at size 1, then broadcast back to the value's shape)
    /// ```
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        let original = shape
        let result = value.sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        let kept = original.indices.map { axes.contains($0) ? 1 : original[$0] }
        return Variable.unary("Σ axes \(axes)", self, result) { g in g.reshaped(kept).broadcast(to: original) }
    }

    /// The mean over the listed axes (`tf.reduce_mean`): the sum divided by the number of
    /// elements added.        backward: g / n copied to each of them
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        let total = sum(alongAxes: axes, keepingDimensions: keepingDimensions)  // checks the axes
        let reducedCount = axes.reduce(1) { $0 * shape[$1] }
        precondition(reducedCount > 0, "Variable.mean: axes \(axes) of shape \(shape) are empty")
        return total / Double(reducedCount)
    }

    /// The maximum over the listed axes (`tf.reduce_max`; see `Tensor.max(alongAxes:keepingDimensions:)`).
    ///
    /// ```
    /// backward: g to the element that was the maximum, 0 to the others
    /// ```
    ///
    /// Where several elements tie for the maximum, the whole gradient goes to the first of them
    /// in row-major order (TensorFlow shares it among them equally; either is a valid
    /// subgradient, and a numerical gradient there is meaningless: the maximum has a kink).
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        extreme(alongAxes: axes, keepingDimensions, "max", isBetter: >)
    }

    /// The minimum over the listed axes (`tf.reduce_min`).        backward: g to the first minimum
    public func min(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        extreme(alongAxes: axes, keepingDimensions, "min", isBetter: <)
    }

    /// The largest element, a scalar.        backward: g to the first largest element
    public func max() -> Variable {
        max(alongAxes: Array(shape.indices))
    }

    /// The smallest element, a scalar.        backward: g to the first smallest element
    public func min() -> Variable {
        min(alongAxes: Array(shape.indices))
    }

    /// The norm over the listed axes (`tf.norm(x, ord, axis, keepdims)`; see
    /// `Tensor.norm(_:alongAxes:keepingDimensions:)`), built from recorded operations, so its
    /// derivative is theirs:
    ///
    /// ```
    /// .l1        Σ|xᵢ|        ∂/∂xᵢ = sign(xᵢ), taken as 0 at xᵢ = 0 (the kink of |x|)
    /// .l2        √(Σxᵢ²)      ∂/∂xᵢ = xᵢ / ‖x‖₂, undefined (NaN) where x = 0, as in TensorFlow
    /// .infinity  max|xᵢ|      ∂/∂xᵢ = sign(xᵢ) for the first i with the largest |xᵢ|, 0 for the others
    /// ```
    public func norm(_ order: Tensor.NormOrder, alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        switch order {
        case .l1: abs(self).sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        case .l2: pow((self * self).sum(alongAxes: axes, keepingDimensions: keepingDimensions), 0.5)
        case .infinity: abs(self).max(alongAxes: axes, keepingDimensions: keepingDimensions)
        }
    }

    /// The norm of all elements, a scalar (`tf.norm(x, ord)`).
    public func norm(_ order: Tensor.NormOrder) -> Variable {
        norm(order, alongAxes: Array(shape.indices))
    }

    /// A maximum or minimum: the value and, recorded with it, where each came from; the
    /// backward scatters g to those positions of the flattened value (a recorded scatter, whose
    /// own backward is a gather, so second derivatives pass).
    private func extreme(alongAxes axes: [Int], _ keepingDimensions: Bool, _ name: String,
                         isBetter: (Double, Double) -> Bool) -> Variable {
        let (values, positions) = value.extremes(alongAxes: axes, "Variable.\(name)", isBetter: isBetter)
        let original = shape, count = value.count
        return Variable.unary("\(name) axes \(axes)", self, values.dropping(axes, keepingDimensions)) { g in
            g.reshaped([positions.count]).scattered(at: positions, alongAxis: 0, intoShape: [count]).reshaped(original)
        }
    }
}

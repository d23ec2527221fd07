// The tape's shape operations: each moves elements, so each backward moves the gradient back
// the opposite way, with another recorded shape operation (a permutation's backward is the
// inverse permutation, a slice's a padding, a padding's a slice). Because the backward passes
// are recorded operations too, second derivatives go through them.

extension Variable {
    /// A new axis of size 1 at `axis` (`tf.expand_dims`).        backward: the axis removed again
    public func expandingDimensions(at axis: Int) -> Variable {
        reshaped(value.expandingDimensions(at: axis).shape)
    }

    /// The listed axes of size 1 removed (`tf.squeeze(x, axis)`).        backward: put back
    public func squeezed(axes: [Int]) -> Variable {
        reshaped(value.squeezed(axes: axes).shape)
    }

    /// Every axis of size 1 removed (`tf.squeeze(x)`).        backward: put back
    public func squeezed() -> Variable {
        reshaped(value.squeezed().shape)
    }

    /// The axes in another order (`tf.transpose(x, perm)`; see `Tensor.permuted(_:)`).
    ///
    /// ```
    /// y = x.permuted(axes)        ∂L/∂x = (∂L/∂y).permuted(inversePermutation(axes))
    /// ```
    ///
    /// Each element only moves, so its gradient moves back to where it came from.
    public func permuted(_ axes: [Int]) -> Variable {
        let inverse = Tensor.inversePermutation(axes)
        return Variable.unary("permute \(axes)", self, value.permuted(axes)) { g in g.permuted(inverse) }
    }

    /// The value surrounded by a constant (`tf.pad`; see `Tensor.padded(_:value:)`).
    ///
    /// ```
    /// backward: the gradient sliced back to the original block; the padding is a constant,
    ///           so its gradient goes nowhere
    /// ```
    public func padded(_ amounts: [(before: Int, after: Int)], value padding: Double = 0) -> Variable {
        let result = value.padded(amounts, value: padding)
        let block = zip(amounts, shape).map { $0.before ..< $0.before + $1 }
        return Variable.unary("pad", self, result) { g in g.sliced(block) }
    }

    /// A block of the value (`x[a:b, c:d]`; see `Tensor.sliced(_:)`).
    ///
    /// ```
    /// backward: the gradient padded with zeros back to the value's shape (elements outside the
    ///           slice did not reach the result)
    /// ```
    public func sliced(_ ranges: [Range<Int>]) -> Variable {
        let result = value.sliced(ranges)
        let full = ranges + shape[ranges.count...].map { 0 ..< $0 }
        let amounts = zip(full, shape).map { (before: $0.lowerBound, after: $1 - $0.upperBound) }
        return Variable.unary("slice", self, result) { g in g.padded(amounts) }
    }

    /// The slice `range` along one axis, every other axis whole (`x[:, a:b]` for axis 1).
    ///        backward: padded with zeros
    public func sliced(alongAxis axis: Int, _ range: Range<Int>) -> Variable {
        value.checkAxis(axis, "Variable.sliced")
        return sliced(shape[..<axis].map { 0 ..< $0 } + [range])
    }

    /// The value repeated along each axis (`tf.tile`; see `Tensor.tiled(_:)`).
    ///
    /// ```
    /// backward: every copy's gradient added up, Σ over the copies
    /// ```
    ///
    /// The gradient, of shape [m₀·s₀, m₁·s₁, …], is read as [m₀, s₀, m₁, s₁, …] and summed over
    /// the copy axes m₀, m₁, …
    public func tiled(_ multiples: [Int]) -> Variable {
        let result = value.tiled(multiples)
        let interleaved = zip(multiples, shape).flatMap { [$0, $1] }
        let copyAxes = Array(stride(from: 0, to: interleaved.count, by: 2))
        return Variable.unary("tile", self, result) { g in g.reshaped(interleaved).sum(alongAxes: copyAxes) }
    }

    /// The variables joined along `axis` (`tf.concat`; see `Tensor.concatenate(_:alongAxis:)`).
    ///
    /// ```
    /// backward: the gradient split along `axis` into pieces of the inputs' sizes, one each
    /// ```
    public static func concatenate(_ variables: [Variable], alongAxis axis: Int) -> Variable {
        let result = Tensor.concatenate(variables.map(\.value), alongAxis: axis)
        let sizes = variables.map { $0.shape[axis] }
        return nary("concat", variables, result) { g in g.split(alongAxis: axis, sizes: sizes) }
    }

    /// The variables, all of one shape, stacked along a new axis (`tf.stack`): each gets a new
    /// axis of size 1, then they are concatenated.        backward: split, then squeezed
    public static func stack(_ variables: [Variable], alongAxis axis: Int = 0) -> Variable {
        precondition(variables.allSatisfy { $0.shape == variables.first?.shape },
                     "Variable.stack: shapes \(variables.map(\.shape)) differ")
        return concatenate(variables.map { $0.expandingDimensions(at: axis) }, alongAxis: axis)
    }

    /// The value cut along `axis` into pieces of the given sizes (`tf.split`). Each piece is a
    /// slice, recorded on its own: a loss that uses some of the pieces sends gradient only to
    /// their parts of the value, and zeros to the rest.        backward: padded with zeros
    ///
    /// - Precondition: the sizes are ≥ 0 and add up to `shape[axis]`.
    public func split(alongAxis axis: Int, sizes: [Int]) -> [Variable] {
        value.splitRanges(alongAxis: axis, sizes: sizes).map { sliced(alongAxis: axis, $0) }
    }

    /// The value cut along `axis` into `count` pieces of equal size (`tf.split(x, count, axis)`).
    ///
    /// - Precondition: `count > 0` divides `shape[axis]`.
    public func split(alongAxis axis: Int, count: Int) -> [Variable] {
        value.checkAxis(axis, "Variable.split")
        precondition(count > 0 && shape[axis] % count == 0,
                     "Variable.split: axis \(axis) of shape \(shape) does not split into \(count) equal pieces")
        return split(alongAxis: axis, sizes: Array(repeating: shape[axis] / count, count: count))
    }
}

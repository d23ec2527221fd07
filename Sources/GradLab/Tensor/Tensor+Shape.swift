// Operations that move elements around without computing anything: new axes of size 1, axes
// in another order, padding and tiling. Each is one walk over the elements (`forEachElement`).

extension Tensor {
    /// The same elements with a new axis of size 1 inserted at `axis`: TensorFlow's
    /// `tf.expand_dims(x, axis)`, numpy's `np.expand_dims(x, axis)`.
    ///
    /// ```
    /// Tensor([1, 2, 3]).expandingDimensions(at: 0)   shape [1, 3]   (a batch of one)
    /// Tensor([1, 2, 3]).expandingDimensions(at: 1)   shape [3, 1]   (a column)
    /// ```
    ///
    /// - Precondition: `0 ≤ axis ≤ rank` (`rank` appends the new axis last).
    public func expandingDimensions(at axis: Int) -> Tensor {
        checkAxis(axis, "Tensor.expandingDimensions", allowingEnd: true)
        var newShape = shape
        newShape.insert(1, at: axis)
        return reshaped(newShape)
    }

    /// The same elements without the listed axes, each of size 1: `tf.squeeze(x, axis=axes)`,
    /// `np.squeeze(x, axis=axes)`. `Tensor.zeros([2, 1, 3]).squeezed(axes: [1])` has shape [2, 3].
    ///
    /// - Precondition: the axes are distinct, within the rank, and each has size 1.
    public func squeezed(axes: [Int]) -> Tensor {
        let flags = axisFlags(axes, "Tensor.squeezed")
        for axis in axes {
            precondition(shape[axis] == 1,
                         "Tensor.squeezed: axis \(axis) of shape \(shape) has size \(shape[axis]), not 1")
        }
        return reshaped(shape.indices.filter { !flags[$0] }.map { shape[$0] })
    }

    /// The same elements without any axis of size 1: `tf.squeeze(x)`, `np.squeeze(x)`.
    /// `Tensor.zeros([1, 3, 1]).squeezed()` has shape [3].
    public func squeezed() -> Tensor {
        reshaped(shape.filter { $0 != 1 })
    }

    /// The axes in another order: axis k of the result is axis `axes[k]` of this tensor.
    /// TensorFlow's `tf.transpose(x, perm=axes)`, numpy's `np.transpose(x, axes)`.
    ///
    /// ```
    /// result[i₀, i₁, …] = self[j]  where j[axes[k]] = iₖ
    /// x of shape [N, H, W, C]: x.permuted([0, 3, 1, 2]) has shape [N, C, H, W]
    /// ```
    ///
    /// `[1, 0]` is a matrix's transpose; `inversePermutation(axes)` undoes a permutation (which is
    /// the gradient of a permutation).
    ///
    /// - Precondition: `axes` holds each of 0..<rank exactly once.
    /// - Complexity: O(count), one pass in the result's order.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.count == rank && axes.sorted() == Array(0..<rank),
                     "Tensor.permuted: \(axes) is not a permutation of the axes of shape \(shape)")
        let inputStrides = Tensor.strides(of: shape)
        let newShape = axes.map { shape[$0] }
        var result = [Double](repeating: 0, count: count)
        Tensor.forEachElement(of: newShape, strides: axes.map { inputStrides[$0] }) { position, offset in
            result[position] = scalars[offset]
        }
        return Tensor(shape: newShape, scalars: result)
    }

    /// The permutation that undoes `axes`: `x.permuted(axes).permuted(inversePermutation(axes)) == x`.
    /// `inversePermutation([2, 0, 1]) = [1, 2, 0]`.
    public static func inversePermutation(_ axes: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: axes.count)
        for (position, axis) in axes.enumerated() { inverse[axis] = position }
        return inverse
    }

    /// The tensor surrounded by `value`: `amounts[k].before` elements before and `.after` after it
    /// along axis k. TensorFlow's `tf.pad(x, paddings, constant_values=value)`, numpy's
    /// `np.pad(x, amounts, constant_values=value)`. A convolution pads its input with zeros so that
    /// the output keeps the input's height and width.
    ///
    /// ```
    /// Tensor([[1, 2]]).padded([(before: 1, after: 0), (before: 0, after: 1)])
    ///     = [[0, 0, 0],
    ///        [1, 2, 0]]
    /// ```
    ///
    /// - Precondition: one amount per axis, none negative.
    public func padded(_ amounts: [(before: Int, after: Int)], value: Double = 0) -> Tensor {
        precondition(amounts.count == rank,
                     "Tensor.padded: \(amounts.count) padding amounts for shape \(shape)")
        precondition(amounts.allSatisfy { $0.before >= 0 && $0.after >= 0 },
                     "Tensor.padded: negative padding \(amounts.map { [$0.before, $0.after] }) for shape \(shape)")
        let newShape = zip(shape, amounts).map { $0 + $1.before + $1.after }
        let outputStrides = Tensor.strides(of: newShape)
        let corner = zip(amounts, outputStrides).reduce(0) { $0 + $1.0.before * $1.1 }
        var result = [Double](repeating: value, count: newShape.reduce(1, *))
        Tensor.forEachElement(of: shape, strides: outputStrides, start: corner) { position, offset in
            result[offset] = scalars[position]
        }
        return Tensor(shape: newShape, scalars: result)
    }

    /// The tensor repeated `multiples[k]` times along each axis k: TensorFlow's
    /// `tf.tile(x, multiples)`, numpy's `np.tile(x, multiples)`.
    ///
    /// ```
    /// Tensor([[1, 2]]).tiled([2, 3]) = [[1, 2, 1, 2, 1, 2],
    ///                                   [1, 2, 1, 2, 1, 2]]
    /// ```
    ///
    /// The result of shape [m₀·s₀, m₁·s₁, …] is read as a tensor of shape [m₀, s₀, m₁, s₁, …] in
    /// which the copy axes mₖ have stride 0 in the input: every copy reads the same elements.
    ///
    /// - Precondition: one multiple per axis, none negative.
    public func tiled(_ multiples: [Int]) -> Tensor {
        precondition(multiples.count == rank && multiples.allSatisfy { $0 >= 0 },
                     "Tensor.tiled: multiples \(multiples) for shape \(shape)")
        let inputStrides = Tensor.strides(of: shape)
        let interleavedShape = zip(multiples, shape).flatMap { [$0, $1] }
        let interleavedStrides = inputStrides.flatMap { [0, $0] }
        var result = [Double](repeating: 0, count: interleavedShape.reduce(1, *))
        Tensor.forEachElement(of: interleavedShape, strides: interleavedStrides) { position, offset in
            result[position] = scalars[offset]
        }
        return Tensor(shape: zip(multiples, shape).map(*), scalars: result)
    }
}

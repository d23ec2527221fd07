// Picking elements: slices (x[a:b, c:d]), gathering and scattering along an axis, choosing
// element by element (where) and keeping what a mask selects.

extension Tensor {
    /// The block `x[r₀, r₁, …]` with one range per leading axis (axes without a range are kept
    /// whole): numpy's `x[1:3, 0:2]`, TensorFlow's `tf.slice(x, begin, size)` with
    /// `begin = lowerBounds` and `size = counts`.
    ///
    /// ```
    /// let x = Tensor([[1, 2, 3],
    ///                 [4, 5, 6]])
    /// x.sliced([0..<2, 1..<3]) = [[2, 3], [5, 6]]
    /// x.sliced([1..<2])        = [[4, 5, 6]]        (x[1:2])
    /// ```
    ///
    /// - Precondition: at most one range per axis, each within its axis.
    /// - Complexity: O(size of the slice), one pass.
    public func sliced(_ ranges: [Range<Int>]) -> Tensor {
        precondition(ranges.count <= rank, "Tensor.sliced: \(ranges.count) ranges for shape \(shape)")
        let full = ranges + shape[ranges.count...].map { 0 ..< $0 }
        for (axis, range) in full.enumerated() {
            precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                         "Tensor.sliced: range \(range) out of bounds for axis \(axis) of shape \(shape)")
        }
        let inputStrides = Tensor.strides(of: shape)
        let newShape = full.map(\.count)
        let corner = zip(full, inputStrides).reduce(0) { $0 + $1.0.lowerBound * $1.1 }
        var result = [Double](repeating: 0, count: newShape.reduce(1, *))
        Tensor.forEachElement(of: newShape, strides: inputStrides, start: corner) { position, offset in
            result[position] = scalars[offset]
        }
        return Tensor(shape: newShape, scalars: result)
    }

    /// The slice `range` along one axis, every other axis whole: numpy's `x[:, a:b]` for axis 1.
    ///
    /// - Precondition: `range` lies within axis `axis`.
    public func sliced(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        checkAxis(axis, "Tensor.sliced")
        return sliced(shape[..<axis].map { 0 ..< $0 } + [range])
    }

    /// The sub-tensors at `indices` along `axis`, in that order (repeats allowed): TensorFlow's
    /// `tf.gather(x, indices, axis=axis)`, numpy's `np.take(x, indices, axis)`. Along axis 0 of
    /// a matrix it is `rows(_:)`; along axis 0 of an embedding table it looks up word vectors.
    ///
    /// ```
    /// Tensor([[1, 2, 3], [4, 5, 6]]).gathered([2, 0, 2], alongAxis: 1) = [[3, 1, 3], [6, 4, 6]]
    /// ```
    ///
    /// The result has shape `shape` with `shape[axis]` replaced by `indices.count`. Its gradient
    /// is `scattered(at:alongAxis:intoShape:)`.
    ///
    /// - Precondition: every index lies within axis `axis`.
    public func gathered(_ indices: [Int], alongAxis axis: Int) -> Tensor {
        checkAxis(axis, "Tensor.gathered")
        checkIndices(indices, alongAxis: axis, "Tensor.gathered")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var result = [Double](repeating: 0, count: outer * indices.count * inner)
        for block in 0..<outer {
            for (j, index) in indices.enumerated() {
                let source = (block * shape[axis] + index) * inner
                let target = (block * indices.count + j) * inner
                for k in 0..<inner { result[target + k] = scalars[source + k] }
            }
        }
        var newShape = shape
        newShape[axis] = indices.count
        return Tensor(shape: newShape, scalars: result)
    }

    /// Adds the sub-tensors of `updates` into this tensor at `indices` along `axis`, in place;
    /// updates sent to the same index add up. TensorFlow's
    /// `tf.tensor_scatter_nd_add(x, indices, updates)` restricted to one axis, numpy's
    /// `np.add.at(x, (…, indices), updates)`.
    ///
    /// ```
    /// x[…, indices[j], …] += updates[…, j, …]        for every j
    /// ```
    ///
    /// - Precondition: `updates` has this tensor's shape with `shape[axis]` replaced by
    ///   `indices.count`; every index lies within axis `axis`.
    public mutating func scatterAdd(_ updates: Tensor, at indices: [Int], alongAxis axis: Int) {
        checkAxis(axis, "Tensor.scatterAdd")
        checkIndices(indices, alongAxis: axis, "Tensor.scatterAdd")
        var expected = shape
        expected[axis] = indices.count
        precondition(updates.shape == expected,
                     "Tensor.scatterAdd: updates of shape \(updates.shape) for \(indices.count) indices along axis \(axis) of shape \(shape) (expected \(expected))")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var result = scalars
        for block in 0..<outer {
            for (j, index) in indices.enumerated() {
                let target = (block * shape[axis] + index) * inner
                let source = (block * indices.count + j) * inner
                for k in 0..<inner { result[target + k] += updates.scalars[source + k] }
            }
        }
        self = Tensor(shape: shape, scalars: result)
    }

    /// `scatterAdd(_:at:alongAxis:)` on a copy: this tensor with `updates` added at `indices`.
    public func scatteringAdd(_ updates: Tensor, at indices: [Int], alongAxis axis: Int) -> Tensor {
        var result = self
        result.scatterAdd(updates, at: indices, alongAxis: axis)
        return result
    }

    /// This tensor's sub-tensors placed at `indices` along `axis` of a zero tensor of shape
    /// `shape`, adding where indices repeat: TensorFlow's `tf.scatter_nd` restricted to one axis.
    /// It is the gradient of `gathered(_:alongAxis:)`: each gathered element sends its gradient
    /// back to where it was read from, and an element read twice gets both.
    ///
    /// ```
    /// Tensor([10, 20, 30]).scattered(at: [2, 0, 2], alongAxis: 0, intoShape: [4]) = [20, 0, 40, 0]
    /// ```
    ///
    /// - Precondition: as for `scatterAdd(_:at:alongAxis:)`, with this tensor as the updates.
    public func scattered(at indices: [Int], alongAxis axis: Int, intoShape shape: [Int]) -> Tensor {
        Tensor.zeros(shape).scatteringAdd(self, at: indices, alongAxis: axis)
    }

    /// Element by element, `a` where `condition` is non-zero and `b` where it is zero:
    /// TensorFlow's `tf.where(condition, a, b)`, numpy's `np.where(condition, a, b)`. The three
    /// shapes broadcast together (see `broadcastShape(_:_:)`).
    ///
    /// ```
    /// Tensor.where(Tensor([1, 0, 1]), Tensor([1, 2, 3]), Tensor([-1, -2, -3])) = [1, -2, 3]
    /// ```
    ///
    /// - Precondition: the three shapes broadcast to one.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        guard let shape = broadcastShape(a.shape, b.shape).flatMap({ broadcastShape(condition.shape, $0) }) else {
            preconditionFailure("Tensor.where: shapes \(condition.shape), \(a.shape) and \(b.shape) do not broadcast")
        }
        let (c, x, y) = (condition.broadcast(to: shape), a.broadcast(to: shape), b.broadcast(to: shape))
        return Tensor(shape: shape, scalars: c.scalars.indices.map { c.scalars[$0] != 0 ? x.scalars[$0] : y.scalars[$0] })
    }

    /// The sub-tensors that a mask of 0s and 1s selects, in row-major order: TensorFlow's
    /// `tf.boolean_mask(x, mask)`, numpy's `x[mask]`. The mask covers the leading axes (its shape
    /// is the first `mask.rank` sizes of this tensor); the result has one sub-tensor per
    /// non-zero entry: shape `[number kept] + shape[mask.rank...]`.
    ///
    /// ```
    /// Tensor([[1, 2], [3, 4], [5, 6]]).masked(by: Tensor([1, 0, 1])) = [[1, 2], [5, 6]]
    /// Tensor([[1, 2], [3, 4]]).masked(by: Tensor([[0, 1], [1, 0]]))   = [2, 3]
    /// ```
    ///
    /// - Precondition: the mask's shape is a leading part of this tensor's shape.
    public func masked(by mask: Tensor) -> Tensor {
        let (rowsShape, kept) = maskLayout(mask)
        return reshaped(rowsShape).gathered(kept, alongAxis: 0)
    }

    /// How a mask selects: the tensor viewed as rows (one per entry of the mask) and the rows
    /// kept, checked.
    func maskLayout(_ mask: Tensor) -> (rowsShape: [Int], kept: [Int]) {
        precondition(mask.rank >= 1 && mask.rank <= rank && Array(shape.prefix(mask.rank)) == mask.shape,
                     "masked: mask of shape \(mask.shape) for shape \(shape)")
        return ([mask.count] + shape[mask.rank...], mask.scalars.indices.filter { mask.scalars[$0] != 0 })
    }

    /// The sub-tensors along the first axis where `mask` is true: numpy's `x[mask]` with a list
    /// of booleans, `tf.boolean_mask(x, mask)`.
    ///
    /// - Precondition: one flag per sub-tensor along the first axis.
    public func masked(by mask: [Bool]) -> Tensor {
        masked(by: Tensor(mask.map { $0 ? 1 : 0 }))
    }

    /// Stops with a message naming the operation when an index is outside axis `axis`.
    func checkIndices(_ indices: [Int], alongAxis axis: Int, _ name: String) {
        for index in indices where index < 0 || index >= shape[axis] {
            preconditionFailure("\(name): index \(index) out of range for axis \(axis) of shape \(shape)")
        }
    }
}

// Joining tensors along an axis and cutting one apart: concatenate, stack and split.
//
// Along axis k, a row-major tensor is `outer` blocks (the product of the sizes before k), each
// holding `shape[k] · inner` consecutive scalars (inner: the product of the sizes after k). So
// joining is copying each tensor's block after the others', block by block.

extension Tensor {
    /// The tensors joined end to end along `axis`: TensorFlow's `tf.concat(tensors, axis)`, numpy's
    /// `np.concatenate(tensors, axis)`. All other sizes must agree; the result's size along
    /// `axis` is the sum of theirs.
    ///
    /// ```
    /// concatenate([[[1, 2]], [[3, 4], [5, 6]]], alongAxis: 0) = [[1, 2], [3, 4], [5, 6]]   shape [3, 2]
    /// concatenate([[[1, 2]], [[3]]], alongAxis: 1)          = [[1, 2, 3]]               shape [1, 3]
    /// ```
    ///
    /// - Precondition: at least one tensor; equal ranks; equal sizes except along `axis`.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        guard let first = tensors.first else { preconditionFailure("Tensor.concatenate: no tensors to join") }
        first.checkAxis(axis, "Tensor.concatenate")
        for tensor in tensors {
            var (a, b) = (tensor.shape, first.shape)
            if a.count == b.count { (a[axis], b[axis]) = (0, 0) }
            precondition(a == b, "Tensor.concatenate: shapes \(tensors.map(\.shape)) differ other than along axis \(axis)")
        }
        var newShape = first.shape
        newShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        var result = [Double]()
        result.reserveCapacity(newShape.reduce(1, *))
        for block in 0..<outer {
            for tensor in tensors {
                let width = tensor.shape[axis] * inner
                result.append(contentsOf: tensor.scalars[block * width ..< (block + 1) * width])
            }
        }
        return Tensor(shape: newShape, scalars: result)
    }

    /// The tensors, all of one shape, stacked along a new axis: TensorFlow's `tf.stack(tensors,
    /// axis)`, numpy's `np.stack(tensors, axis)`. Three vectors of 4 stacked along axis 0 make a
    /// 3×4 matrix (one per row), along axis 1 a 4×3 matrix (one per column).
    ///
    /// - Precondition: at least one tensor, all of the same shape; `0 ≤ axis ≤ rank`.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        guard let first = tensors.first else { preconditionFailure("Tensor.stack: no tensors to stack") }
        precondition(tensors.allSatisfy { $0.shape == first.shape },
                     "Tensor.stack: shapes \(tensors.map(\.shape)) differ")
        return concatenate(tensors.map { $0.expandingDimensions(at: axis) }, alongAxis: axis)
    }

    /// The tensor cut along `axis` into pieces of the given sizes: TensorFlow's
    /// `tf.split(x, sizes, axis)`, numpy's `np.split(x, np.cumsum(sizes)[:-1], axis)`. The inverse
    /// of `concatenate(_:alongAxis:)`: joining the pieces gives the tensor back.
    ///
    /// ```
    /// Tensor([1, 2, 3, 4, 5]).split(alongAxis: 0, sizes: [2, 3]) = [[1, 2], [3, 4, 5]]
    /// ```
    ///
    /// - Precondition: the sizes are ≥ 0 and add up to `shape[axis]`.
    public func split(alongAxis axis: Int, sizes: [Int]) -> [Tensor] {
        splitRanges(alongAxis: axis, sizes: sizes).map { sliced(alongAxis: axis, $0) }
    }

    /// The range along `axis` of each piece of `split(alongAxis:sizes:)`, checked.
    func splitRanges(alongAxis axis: Int, sizes: [Int]) -> [Range<Int>] {
        checkAxis(axis, "split")
        precondition(sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[axis],
                     "split: sizes \(sizes) do not add up to axis \(axis) of shape \(shape)")
        var lower = 0
        return sizes.map { size in
            defer { lower += size }
            return lower ..< lower + size
        }
    }

    /// The tensor cut along `axis` into `count` pieces of equal size: `tf.split(x, count, axis)`,
    /// `np.split(x, count, axis)`.
    ///
    /// - Precondition: `count > 0` divides `shape[axis]`.
    public func split(alongAxis axis: Int, count: Int) -> [Tensor] {
        checkAxis(axis, "Tensor.split")
        precondition(count > 0 && shape[axis] % count == 0,
                     "Tensor.split: axis \(axis) of shape \(shape) does not split into \(count) equal pieces")
        return split(alongAxis: axis, sizes: Array(repeating: shape[axis] / count, count: count))
    }
}

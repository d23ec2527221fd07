// Sums, means, maxima and argmax, over everything or along one axis.

extension Tensor {
    /// The sum of all elements.
    public func sum() -> Double {
        scalars.reduce(0, +)
    }

    /// The mean of all elements.
    ///
    /// - Precondition: the tensor is not empty.
    public func mean() -> Double {
        precondition(count > 0, "Tensor.mean: empty tensor of shape \(shape)")
        return sum() / Double(count)
    }

    /// Reduces along one axis, removing it, like numpy's `np.sum(x, axis=...)`.
    ///
    /// For a batch of upstream gradients `dout` of shape `[N, n]`, `dout.sum(alongAxis: 0)` has
    /// shape `[n]`: the gradient of a bias that was added to every row.
    public func sum(alongAxis axis: Int) -> Tensor {
        reduce(alongAxis: axis, "sum", initial: 0, +)
    }

    /// The mean along one axis, removing it.
    public func mean(alongAxis axis: Int) -> Tensor {
        precondition(axis >= 0 && axis < rank, "Tensor.mean: axis \(axis) out of range for shape \(shape)")
        precondition(shape[axis] > 0, "Tensor.mean: axis \(axis) of shape \(shape) is empty")
        return sum(alongAxis: axis) / Double(shape[axis])
    }

    /// The maximum along one axis, removing it. Softmax subtracts each row's maximum.
    public func max(alongAxis axis: Int) -> Tensor {
        precondition(axis >= 0 && axis < rank && shape[axis] > 0,
                     "Tensor.max: axis \(axis) is out of range or empty for shape \(shape)")
        return reduce(alongAxis: axis, "max", initial: -.infinity) { Swift.max($0, $1) }
    }

    /// The largest element.
    public func max() -> Double {
        precondition(count > 0, "Tensor.max: empty tensor of shape \(shape)")
        return scalars.max()!
    }

    /// The index of the largest element along the last axis: one index per row of a matrix
    /// (the predicted class of each sample), a single index for a vector. Ties go to the first.
    public func argmax() -> [Int] {
        precondition(rank >= 1 && shape[rank - 1] > 0, "Tensor.argmax: no last axis in shape \(shape)")
        let width = shape[rank - 1]
        return stride(from: 0, to: count, by: width).map { start in
            var best = start
            for position in start..<(start + width) where scalars[position] > scalars[best] {
                best = position
            }
            return best - start
        }
    }

    /// Folds the elements along `axis` with `combine`, removing that axis.
    private func reduce(
        alongAxis axis: Int, _ name: String, initial: Double, _ combine: (Double, Double) -> Double
    ) -> Tensor {
        precondition(axis >= 0 && axis < rank, "Tensor.\(name): axis \(axis) out of range for shape \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let size = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var result = [Double](repeating: initial, count: outer * inner)
        for o in 0..<outer {
            for a in 0..<size {
                let base = (o * size + a) * inner
                for i in 0..<inner { result[o * inner + i] = combine(result[o * inner + i], scalars[base + i]) }
            }
        }
        var newShape = shape
        newShape.remove(at: axis)
        return Tensor(shape: newShape, scalars: result)
    }
}

// Sums, means, maxima and minima, over everything, along one axis or over any set of axes;
// argmax, argmin and the k largest.

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
        checkAxis(axis, "Tensor.sum")
        return sum(alongAxes: [axis])
    }

    /// The mean along one axis, removing it.
    public func mean(alongAxis axis: Int) -> Tensor {
        checkAxis(axis, "Tensor.mean")
        return mean(alongAxes: [axis])
    }

    /// The maximum along one axis, removing it. Softmax subtracts each row's maximum.
    public func max(alongAxis axis: Int) -> Tensor {
        checkAxis(axis, "Tensor.max")
        return max(alongAxes: [axis])
    }

    /// The minimum along one axis, removing it.
    public func min(alongAxis axis: Int) -> Tensor {
        checkAxis(axis, "Tensor.min")
        return min(alongAxes: [axis])
    }

    /// The largest element.
    public func max() -> Double {
        precondition(count > 0, "Tensor.max: empty tensor of shape \(shape)")
        return scalars.max()!
    }

    /// The smallest element.
    public func min() -> Double {
        precondition(count > 0, "Tensor.min: empty tensor of shape \(shape)")
        return scalars.min()!
    }

    // MARK: Over any set of axes

    /// The sum over the listed axes: TensorFlow's `tf.reduce_sum(x, axis=axes, keepdims=…)`,
    /// numpy's `np.sum(x, axis=tuple(axes), keepdims=…)`.
    ///
    /// ```
    /// x of shape [N, H, W, C]: x.sum(alongAxes: [0, 1, 2]) has shape [C]   (one sum per channel)
    ///                          x.sum(alongAxes: [1, 2], keepingDimensions: true) has shape [N, 1, 1, C]
    /// ```
    ///
    /// - Parameters:
    ///   - axes: distinct axes, in any order; `[]` reduces nothing.
    ///   - keepingDimensions: keep each reduced axis with size 1 (so the result broadcasts
    ///     against this tensor) instead of removing it.
    /// - Complexity: O(count), one pass.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let (keptShape, outputStrides) = reductionLayout(axes, "Tensor.sum")
        var result = [Double](repeating: 0, count: keptShape.reduce(1, *))
        Tensor.forEachElement(of: shape, strides: outputStrides) { position, offset in
            result[offset] += scalars[position]
        }
        return Tensor(shape: keptShape, scalars: result).dropping(axes, keepingDimensions)
    }

    /// The mean over the listed axes: `tf.reduce_mean(x, axis=axes, keepdims=…)`.
    ///
    /// - Precondition: the listed axes hold at least one element.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let total = sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        let reducedCount = axes.reduce(1) { $0 * shape[$1] }
        precondition(reducedCount > 0, "Tensor.mean: axes \(axes) of shape \(shape) are empty")
        return total / Double(reducedCount)
    }

    /// The maximum over the listed axes: `tf.reduce_max(x, axis=axes, keepdims=…)`.
    ///
    /// - Precondition: the listed axes hold at least one element.
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        extremes(alongAxes: axes, "Tensor.max", isBetter: >).values.dropping(axes, keepingDimensions)
    }

    /// The minimum over the listed axes: `tf.reduce_min(x, axis=axes, keepdims=…)`.
    ///
    /// - Precondition: the listed axes hold at least one element.
    public func min(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        extremes(alongAxes: axes, "Tensor.min", isBetter: <).values.dropping(axes, keepingDimensions)
    }

    // MARK: Argmax, argmin, top k

    /// The index of the largest element along the last axis: one index per row of a matrix
    /// (the predicted class of each sample), a single index for a vector. Ties go to the first.
    public func argmax() -> [Int] {
        precondition(rank >= 1 && shape[rank - 1] > 0, "Tensor.argmax: no last axis in shape \(shape)")
        return argmax(alongAxis: rank - 1)
    }

    /// The index of the smallest element along the last axis, one per row. Ties go to the first.
    public func argmin() -> [Int] {
        precondition(rank >= 1 && shape[rank - 1] > 0, "Tensor.argmin: no last axis in shape \(shape)")
        return argmin(alongAxis: rank - 1)
    }

    /// The index along `axis` of the largest element, for every position of the other axes, in
    /// row-major order: `tf.argmax(x, axis)`, `np.argmax(x, axis)` (flattened). For a matrix,
    /// `argmax(alongAxis: 0)` is one row index per column. Ties go to the first (lowest) index.
    ///
    /// - Precondition: `axis` is within the rank and not empty.
    public func argmax(alongAxis axis: Int) -> [Int] {
        checkAxis(axis, "Tensor.argmax")
        return indices(alongAxis: axis, of: extremes(alongAxes: [axis], "Tensor.argmax", isBetter: >).positions)
    }

    /// The index along `axis` of the smallest element, for every position of the other axes:
    /// `tf.argmin(x, axis)`. Ties go to the first (lowest) index.
    ///
    /// - Precondition: `axis` is within the rank and not empty.
    public func argmin(alongAxis axis: Int) -> [Int] {
        checkAxis(axis, "Tensor.argmin")
        return indices(alongAxis: axis, of: extremes(alongAxes: [axis], "Tensor.argmin", isBetter: <).positions)
    }

    /// The `k` largest elements of each row (along the last axis), largest first, and their
    /// indices: TensorFlow's `tf.math.top_k(x, k)`. Equal values keep their order, so ties go to
    /// the lower index, as in TensorFlow.
    ///
    /// ```
    /// Tensor([[1, 3, 2, 3]]).topK(2) = (values: [[3, 3]], indices: [[1, 3]])
    /// ```
    ///
    /// - Returns: `values` of shape `shape` with the last size replaced by `k`, and `indices`,
    ///   one array of `k` indices per row, rows in row-major order.
    /// - Precondition: rank ≥ 1 and `0 ≤ k ≤` the last size.
    /// - Complexity: O(count · log(last size)): each row is sorted.
    public func topK(_ k: Int) -> (values: Tensor, indices: [[Int]]) {
        precondition(rank >= 1 && k >= 0 && k <= shape[rank - 1],
                     "Tensor.topK: k = \(k) for shape \(shape) (needs 0 ≤ k ≤ the last size)")
        let width = shape[rank - 1]
        var values = [Double](), indices = [[Int]]()
        for row in 0..<shape.dropLast().reduce(1, *) {
            let start = row * width
            // Largest first; among equal values the lower index first, so the order is total.
            let order = (0..<width).sorted {
                let (a, b) = (scalars[start + $0], scalars[start + $1])
                return a > b || (a == b && $0 < $1)
            }
            let top = Array(order.prefix(k))
            indices.append(top)
            values.append(contentsOf: top.map { scalars[start + $0] })
        }
        return (Tensor(shape: shape.dropLast() + [k], scalars: values), indices)
    }

    // MARK: How the reductions walk

    /// The shape with the reduced axes kept at size 1, and strides into it that are 0 along the
    /// reduced axes: walking this tensor with them sends every element to its output element.
    private func reductionLayout(_ axes: [Int], _ name: String) -> (keptShape: [Int], strides: [Int]) {
        let reduced = axisFlags(axes, name)
        let keptShape = shape.indices.map { reduced[$0] ? 1 : shape[$0] }
        let keptStrides = Tensor.strides(of: keptShape)
        return (keptShape, shape.indices.map { reduced[$0] ? 0 : keptStrides[$0] })
    }

    /// The reduction with its reduced axes removed, or kept with size 1.
    func dropping(_ axes: [Int], _ keepingDimensions: Bool) -> Tensor {
        keepingDimensions ? self : reshaped(shape.indices.filter { !axes.contains($0) }.map { shape[$0] })
    }

    /// The best element over the listed axes (reduced axes kept with size 1) and, for each, its
    /// position in `scalars`. Elements are visited in row-major order and replace the best only
    /// when strictly better, so ties go to the first. The gradient of a maximum goes to
    /// `positions`.
    func extremes(alongAxes axes: [Int], _ name: String,
                  isBetter: (Double, Double) -> Bool) -> (values: Tensor, positions: [Int]) {
        let (keptShape, outputStrides) = reductionLayout(axes, name)
        precondition(axes.allSatisfy { shape[$0] > 0 }, "\(name): axes \(axes) of shape \(shape) are empty")
        let outputCount = keptShape.reduce(1, *)
        var values = [Double](repeating: 0, count: outputCount)
        var positions = [Int](repeating: -1, count: outputCount)
        Tensor.forEachElement(of: shape, strides: outputStrides) { position, offset in
            if positions[offset] < 0 || isBetter(scalars[position], values[offset]) {
                values[offset] = scalars[position]
                positions[offset] = position
            }
        }
        return (Tensor(shape: keptShape, scalars: values), positions)
    }

    /// The index along `axis` of each position in `scalars`.
    private func indices(alongAxis axis: Int, of positions: [Int]) -> [Int] {
        let step = Tensor.strides(of: shape)[axis]
        return positions.map { ($0 / step) % shape[axis] }
    }
}

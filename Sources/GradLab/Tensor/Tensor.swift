/// An n-dimensional array of `Double`s, stored row-major: GradLab's `numpy.ndarray`.
///
/// A tensor has a `shape` (the size of each axis) and a flat array of `scalars`. Rank 0 is a
/// scalar (shape `[]`, one scalar), rank 1 a vector, rank 2 a matrix whose rows lie one after
/// another in `scalars`:
///
/// ```
/// Tensor([[1, 2, 3],
///         [4, 5, 6]])      shape [2, 3], scalars [1, 2, 3, 4, 5, 6], element [i, j] at i·3 + j
/// ```
///
/// `Tensor` is a value type: assigning it or passing it to a function gives an independent copy
/// (copied lazily, on the first write). So a numerical gradient can perturb its own copy of a
/// weight and can never corrupt the model it is measuring.
///
/// Related: arithmetic with broadcasting in `Tensor+Arithmetic.swift`, `matmul(_:)` in
/// `Tensor+MatrixMultiply.swift`, reductions in `Tensor+Reductions.swift`.
public struct Tensor: Sendable, Equatable {
    /// The size of each axis, outermost first. `[]` for a scalar, `[n]` for a vector,
    /// `[rows, columns]` for a matrix.
    public private(set) var shape: [Int]

    /// All elements in row-major order (the last axis varies fastest).
    public private(set) var scalars: [Double]

    /// Creates a tensor of the given shape from its row-major elements.
    ///
    /// - Precondition: every size in `shape` is ≥ 0 and `scalars.count` is their product.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in shape \(shape)")
        let expected = shape.reduce(1, *)
        precondition(scalars.count == expected,
                     "Tensor: shape \(shape) needs \(expected) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a vector (rank 1) from its elements: `Tensor([0.6, 0.9])` has shape `[2]`.
    public init(_ vector: [Double]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    /// Creates a matrix (rank 2) from its rows: `Tensor([[1, 2], [3, 4]])` has shape `[2, 2]`.
    ///
    /// - Precondition: all rows have the same length.
    public init(_ rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() where row.count != columns {
            preconditionFailure(
                "Tensor: row \(index) has \(row.count) elements, row 0 has \(columns)")
        }
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a rank-0 tensor holding one number.
    public init(scalar: Double) {
        self.init(shape: [], scalars: [scalar])
    }

    /// Creates a tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Double) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in shape \(shape)")
        self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros, like `numpy.zeros(shape)`.
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, repeating: 0)
    }

    /// A tensor of zeros with the same shape as `other`, like `numpy.zeros_like`.
    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(shape: other.shape, repeating: 0)
    }

    /// The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.
    public var rank: Int { shape.count }

    /// The number of elements: the product of the sizes in `shape`.
    public var count: Int { scalars.count }

    /// The single element of a tensor with one element (any rank), like numpy's `.item()`.
    ///
    /// - Precondition: `count == 1`.
    public var scalar: Double {
        precondition(count == 1, "Tensor.scalar: shape \(shape) has \(count) elements, not 1")
        return scalars[0]
    }

    // MARK: Indexing

    /// The position in `scalars` of the element at a multi-index: Σ indexᵢ · strideᵢ, where the
    /// stride of an axis is the product of the sizes after it.
    ///
    /// - Precondition: one index per axis, each within its axis.
    public func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == rank,
                     "Tensor: \(indices.count) indices for shape \(shape)")
        var position = 0
        for axis in 0..<rank {
            let index = indices[axis]
            precondition(index >= 0 && index < shape[axis],
                         "Tensor: index \(indices) out of range for shape \(shape)")
            position = position * shape[axis] + index
        }
        return position
    }

    /// The multi-index of the element at position `flatIndex` in `scalars` (the inverse of
    /// `flatIndex(_:)`); used to name the worst element in a gradient check.
    public func multiIndex(ofFlatIndex flatIndex: Int) -> [Int] {
        precondition(flatIndex >= 0 && flatIndex < count,
                     "Tensor: flat index \(flatIndex) out of range for shape \(shape)")
        var remainder = flatIndex
        var indices = Array(repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            indices[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return indices
    }

    /// The element at a multi-index: `w[1, 2]` is row 1, column 2 of a matrix.
    public subscript(indices: Int...) -> Double {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    /// The element at position `index` in row-major order, whatever the rank. This is how a
    /// numerical gradient walks over every element of a weight of any shape.
    public subscript(flat index: Int) -> Double {
        get { scalars[index] }
        set { scalars[index] = newValue }
    }

    /// Row `index` of a matrix (or, generally, the sub-tensor at `index` along the first axis).
    public func row(_ index: Int) -> Tensor {
        precondition(rank >= 1, "Tensor.row: a scalar has no rows")
        precondition(index >= 0 && index < shape[0],
                     "Tensor.row: index \(index) out of range for shape \(shape)")
        let width = count / Swift.max(shape[0], 1)
        return Tensor(shape: Array(shape.dropFirst()),
                      scalars: Array(scalars[index * width ..< (index + 1) * width]))
    }

    /// The rows at the given indices, stacked: numpy's `x[[3, 0, 7]]`, how a mini-batch is cut.
    public func rows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "Tensor.rows: a scalar has no rows")
        let width = count / Swift.max(shape[0], 1)
        var result = [Double]()
        result.reserveCapacity(indices.count * width)
        for index in indices {
            precondition(index >= 0 && index < shape[0],
                         "Tensor.rows: index \(index) out of range for shape \(shape)")
            result.append(contentsOf: scalars[index * width ..< (index + 1) * width])
        }
        return Tensor(shape: [indices.count] + shape.dropFirst(), scalars: result)
    }

    // MARK: Shape

    /// The same elements viewed with another shape, like numpy's `reshape`. One size may be
    /// `-1`: it is inferred from the others.
    ///
    /// - Precondition: the new shape holds exactly `count` elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element)
            let product = known.reduce(1, *)
            precondition(product > 0 && count % product == 0,
                         "Tensor.reshaped: cannot reshape \(shape) to \(newShape)")
            resolved[inferred] = count / product
        }
        precondition(resolved.reduce(1, *) == count && resolved.allSatisfy { $0 >= 0 },
                     "Tensor.reshaped: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        return Tensor(shape: resolved, scalars: scalars)
    }

    /// The transpose: axes in reverse order, like numpy's `.T`. For a matrix, `tᵀ[j, i] = t[i, j]`.
    /// A scalar or a vector is its own transpose. For any other order of the axes, see
    /// `permuted(_:)`.
    public func transposed() -> Tensor {
        guard rank >= 2 else { return self }
        if rank == 2 {
            let (rows, columns) = (shape[0], shape[1])
            var result = [Double](repeating: 0, count: count)
            for i in 0..<rows {
                for j in 0..<columns { result[j * rows + i] = scalars[i * columns + j] }
            }
            return Tensor(shape: [columns, rows], scalars: result)
        }
        return permuted(Array((0..<rank).reversed()))
    }

    // MARK: Element-wise transforms and raw access

    /// A tensor of the same shape with `transform` applied to every element.
    public func map(_ transform: (Double) -> Double) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// Replaces every element by `combine(element, other's element)`, in place: the update
    /// θᵢ ← f(θᵢ, gᵢ) of an optimizer, without building a new tensor.
    ///
    /// - Precondition: both tensors have the same shape.
    public mutating func update(with other: Tensor, _ combine: (Double, Double) -> Double) {
        precondition(shape == other.shape, "Tensor.update: shapes \(shape) and \(other.shape) differ")
        // The loop runs on a local array that owns the storage (taken from `scalars`, so it is
        // not copied), and equal counts are stated: the compiler can then keep everything in
        // registers and vectorise. An optimizer step is 40,000 of these.
        let values = other.scalars
        var result = scalars
        scalars = []
        precondition(values.count == result.count)
        for i in result.indices { result[i] = combine(result[i], values[i]) }
        scalars = result
    }

    /// The Euclidean norm ‖t‖ = √(Σ tᵢ²) of all elements, whatever the shape.
    public var norm: Double {
        scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// Σ tᵢ², the squared Euclidean norm. The trainer takes it of every gradient, every step,
    /// so it is summed in eight interleaved partial sums: independent additions the processor
    /// (and the compiler's vectorizer) can overlap, in a fixed order, so the result is the same
    /// on every run. It can differ from `norm * norm` in the last bits.
    public var squaredNorm: Double {
        // Through a buffer pointer: without the array's bounds checks the eight lanes vectorize.
        scalars.withUnsafeBufferPointer { values in
            var partial = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            var i = 0
            while i + 8 <= values.count {
                partial.0 += values[i] * values[i]
                partial.1 += values[i + 1] * values[i + 1]
                partial.2 += values[i + 2] * values[i + 2]
                partial.3 += values[i + 3] * values[i + 3]
                partial.4 += values[i + 4] * values[i + 4]
                partial.5 += values[i + 5] * values[i + 5]
                partial.6 += values[i + 6] * values[i + 6]
                partial.7 += values[i + 7] * values[i + 7]
                i += 8
            }
            var total = ((partial.0 + partial.1) + (partial.2 + partial.3)) + ((partial.4 + partial.5) + (partial.6 + partial.7))
            while i < values.count {
                total += values[i] * values[i]
                i += 1
            }
            return total
        }
    }
}

extension Tensor: CustomStringConvertible {
    /// A compact text form like numpy's: nested brackets, at most 6 elements per axis shown.
    public var description: String {
        func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) + "." : "\(value)"
        }
        func render(axis: Int, offset: Int) -> String {
            if axis == rank { return format(scalars[offset]) }
            let size = shape[axis]
            let stride = shape[(axis + 1)...].reduce(1, *)
            let shown = size <= 6 ? Array(0..<size) : [0, 1, 2, -1, size - 3, size - 2, size - 1]
            let parts = shown.map { $0 < 0 ? "…" : render(axis: axis + 1, offset: offset + $0 * stride) }
            return "[" + parts.joined(separator: axis == rank - 1 ? ", " : ",\n ") + "]"
        }
        return rank == 0 ? format(scalars[0]) : render(axis: 0, offset: 0)
    }
}

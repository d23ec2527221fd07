// Strides: how a multi-index becomes a position in `scalars`, and the one loop that every
// shape operation (permute, slice, pad, tile, reductions over axes) is built on.

extension Tensor {
    /// The row-major strides of `shape`: how far apart in `scalars` two elements are that differ
    /// by one along each axis. The stride of an axis is the product of the sizes after it.
    ///
    /// ```
    /// strides(of: [2, 3, 4]) = [12, 4, 1]        element [i, j, k] at 12·i + 4·j + k
    /// ```
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// Visits every multi-index of `shape` in row-major order and calls `body(position, offset)`:
    /// `position` counts 0, 1, 2, … and `offset = start + Σ indexₖ · strides[k]` is where the
    /// same multi-index lands in another layout.
    ///
    /// Every shape operation is this loop with other strides: a permutation walks its output
    /// with the input's strides in permuted order, a slice walks its output with the input's
    /// strides from the slice's corner, a reduction walks its input with the output's strides
    /// (0 along the reduced axes, so all of them land on one output element).
    ///
    /// The offset is updated like an odometer (add a stride; on wrapping, take the axis's span
    /// back), never recomputed from the multi-index, so the walk costs O(1) per element. Always
    /// inlined, so that `body` becomes the loop's own code rather than a call per element.
    @inline(__always)
    static func forEachElement(of shape: [Int], strides: [Int], start: Int = 0,
                               _ body: (_ position: Int, _ offset: Int) -> Void) {
        precondition(strides.count == shape.count, "Tensor: \(strides.count) strides for shape \(shape)")
        let total = shape.reduce(1, *)
        guard total > 0 else { return }
        guard let last = shape.indices.last else { return body(0, start) }
        let (width, step) = (shape[last], strides[last])
        var index = [Int](repeating: 0, count: shape.count)
        var rowStart = start
        var position = 0
        while true {
            // The last axis: a plain loop with a fixed step.
            var offset = rowStart
            for _ in 0..<width {
                body(position, offset)
                position += 1
                offset += step
            }
            // The axes before it, like an odometer.
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                rowStart += strides[axis]
                if index[axis] < shape[axis] { break }
                rowStart -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// The message every axis check gives: `Tensor.sum: axis 3 out of range for shape [2, 3]`.
    func checkAxis(_ axis: Int, _ name: String, allowingEnd: Bool = false) {
        let upper = allowingEnd ? rank : rank - 1
        precondition(axis >= 0 && axis <= upper,
                     "\(name): axis \(axis) out of range for shape \(shape)")
    }

    /// Checks a list of distinct axes of this tensor and returns one flag per axis: reduced or not.
    func axisFlags(_ axes: [Int], _ name: String) -> [Bool] {
        var flags = [Bool](repeating: false, count: rank)
        for axis in axes {
            checkAxis(axis, name)
            precondition(!flags[axis], "\(name): axis \(axis) listed twice in \(axes) for shape \(shape)")
            flags[axis] = true
        }
        return flags
    }
}

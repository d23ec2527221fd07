// Element-wise arithmetic with numpy-style broadcasting.

extension Tensor {
    /// The shape of `lhs ⊕ rhs` under numpy's broadcasting rule, or `nil` if they do not broadcast.
    ///
    /// Shapes are aligned at their trailing axes; each pair of sizes must be equal or one of
    /// them 1 (a missing axis counts as 1). So a bias of shape `[3]` adds to every row of a
    /// batch `[100, 3]`, and a column `[100, 1]` divides every column of `[100, 3]`.
    public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        let rank = Swift.max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let l = axis < rank - lhs.count ? 1 : lhs[axis - (rank - lhs.count)]
            let r = axis < rank - rhs.count ? 1 : rhs[axis - (rank - rhs.count)]
            if l == r || r == 1 {
                result[axis] = l
            } else if l == 1 {
                result[axis] = r
            } else {
                return nil
            }
        }
        return result
    }

    /// Combines two tensors element by element after broadcasting them to a common shape.
    ///
    /// - Precondition: the shapes broadcast (see `broadcastShape(_:_:)`); the message names both.
    public static func elementwise(
        _ lhs: Tensor, _ rhs: Tensor, _ name: String, _ combine: (Double, Double) -> Double
    ) -> Tensor {
        // Fast paths: equal shapes, a scalar on either side, and a row repeated over a batch.
        if lhs.shape == rhs.shape {
            return Tensor(shape: lhs.shape, scalars: zip(lhs.scalars, rhs.scalars).map(combine))
        }
        if rhs.count == 1 && rhs.rank <= lhs.rank {
            let value = rhs.scalars[0]
            return Tensor(shape: lhs.shape, scalars: lhs.scalars.map { combine($0, value) })
        }
        if lhs.count == 1 && lhs.rank <= rhs.rank {
            let value = lhs.scalars[0]
            return Tensor(shape: rhs.shape, scalars: rhs.scalars.map { combine(value, $0) })
        }
        guard let shape = broadcastShape(lhs.shape, rhs.shape) else {
            preconditionFailure("Tensor \(name): shapes \(lhs.shape) and \(rhs.shape) do not broadcast")
        }
        if shape == lhs.shape, rhs.rank < lhs.rank, Array(lhs.shape.suffix(rhs.rank)) == rhs.shape {
            let width = rhs.count
            var result = lhs.scalars
            for start in stride(from: 0, to: result.count, by: Swift.max(width, 1)) {
                for j in 0..<width { result[start + j] = combine(lhs.scalars[start + j], rhs.scalars[j]) }
            }
            return Tensor(shape: shape, scalars: result)
        }
        // General case: walk the result and map each position back to both operands.
        let lhsStrides = broadcastStrides(lhs.shape, to: shape)
        let rhsStrides = broadcastStrides(rhs.shape, to: shape)
        let total = shape.reduce(1, *)
        var result = [Double](repeating: 0, count: total)
        var index = [Int](repeating: 0, count: shape.count)
        for position in 0..<total {
            var l = 0, r = 0
            for axis in 0..<shape.count {
                l += index[axis] * lhsStrides[axis]
                r += index[axis] * rhsStrides[axis]
            }
            result[position] = combine(lhs.scalars[l], rhs.scalars[r])
            // Advance the multi-index like an odometer.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// Strides of `shape` viewed as `target` (aligned at the trailing axes): 0 on broadcast axes,
    /// so the same element is read again along them.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            let targetAxis = axis + target.count - shape.count
            strides[targetAxis] = shape[axis] == 1 ? 0 : step
            step *= shape[axis]
        }
        return strides
    }

    /// Element-wise sum with broadcasting: `x + b` adds a bias row to every row of a batch.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, "+", +) }
    /// Element-wise difference with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, "-", -) }
    /// Element-wise (Hadamard) product with broadcasting; for the matrix product use `matmul`.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, "*", *) }
    /// Element-wise quotient with broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, "/", /) }

    /// Adds a number to every element.
    public static func + (lhs: Tensor, rhs: Double) -> Tensor { lhs.map { $0 + rhs } }
    /// Adds a number to every element.
    public static func + (lhs: Double, rhs: Tensor) -> Tensor { rhs.map { lhs + $0 } }
    /// Subtracts a number from every element.
    public static func - (lhs: Tensor, rhs: Double) -> Tensor { lhs.map { $0 - rhs } }
    /// Subtracts every element from a number: `1 - y` in the sigmoid's derivative.
    public static func - (lhs: Double, rhs: Tensor) -> Tensor { rhs.map { lhs - $0 } }
    /// Multiplies every element by a number.
    public static func * (lhs: Tensor, rhs: Double) -> Tensor { lhs.map { $0 * rhs } }
    /// Multiplies every element by a number: `learningRate * gradient`.
    public static func * (lhs: Double, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }
    /// Divides every element by a number.
    public static func / (lhs: Tensor, rhs: Double) -> Tensor { lhs.map { $0 / rhs } }
    /// Divides a number by every element.
    public static func / (lhs: Double, rhs: Tensor) -> Tensor { rhs.map { lhs / $0 } }
    /// Negates every element.
    public static prefix func - (operand: Tensor) -> Tensor { operand.map { -$0 } }

    /// In-place element-wise sum; `rhs` may broadcast to `lhs`'s shape but not grow it.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        if lhs.shape == rhs.shape {
            lhs.update(with: rhs, +)
        } else {
            let sum = lhs + rhs
            precondition(sum.shape == lhs.shape,
                         "Tensor +=: \(rhs.shape) would grow \(lhs.shape) to \(sum.shape)")
            lhs = sum
        }
    }

    /// In-place element-wise difference; `rhs` may broadcast to `lhs`'s shape but not grow it.
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        if lhs.shape == rhs.shape {
            lhs.update(with: rhs, -)
        } else {
            let difference = lhs - rhs
            precondition(difference.shape == lhs.shape,
                         "Tensor -=: \(rhs.shape) would grow \(lhs.shape) to \(difference.shape)")
            lhs = difference
        }
    }

    /// Multiplies every element by a number, in place.
    public static func *= (lhs: inout Tensor, rhs: Double) {
        lhs = lhs.map { $0 * rhs }
    }
}

extension Tensor {
    /// This tensor broadcast to `shape` (copied out): `Tensor([1, 2]).broadcast(to: [3, 2])`
    /// has three rows [1, 2].
    ///
    /// - Precondition: the shapes broadcast and the result has shape `shape`.
    public func broadcast(to shape: [Int]) -> Tensor {
        if self.shape == shape { return self }
        let result = Tensor.zeros(shape) + self
        precondition(result.shape == shape, "Tensor.broadcast: \(self.shape) does not broadcast to \(shape)")
        return result
    }

    /// The sum of this tensor over the axes that broadcasting added or stretched to reach its
    /// shape from `shape`: the inverse of `broadcast(to:)` for gradients. A bias of shape [n]
    /// added to a batch [N, n] gets the gradient `dout.summed(toShape: [n])`.
    ///
    /// - Precondition: `shape` broadcasts to this tensor's shape.
    public func summed(toShape shape: [Int]) -> Tensor {
        if self.shape == shape { return self }
        precondition(Tensor.broadcastShape(shape, self.shape) == self.shape,
                     "Tensor.summed: \(shape) does not broadcast to \(self.shape)")
        var result = self
        // Leading axes that broadcasting added.
        while result.rank > shape.count { result = result.sum(alongAxis: 0) }
        // Axes of size 1 that broadcasting stretched.
        for axis in 0..<shape.count where shape[axis] == 1 && result.shape[axis] != 1 {
            var kept = result.sum(alongAxis: axis).shape
            kept.insert(1, at: axis)
            result = result.sum(alongAxis: axis).reshaped(kept)
        }
        return result.reshaped(shape)
    }
}

// The few tensor operations the recurrent layers need: one time step out of a batch of
// sequences, steps stacked back into sequences, and a block of columns (one LSTM gate) out of a
// matrix and back. Written here, small and private to the recurrent layers, until general
// slicing and stacking (`sliced(alongAxis:_:)`, `stack(_:alongAxis:)`) reach the Tensor folder;
// then each becomes a one-line call of those.

extension Tensor {
    /// Time step `t` of a batch of sequences: `x[:, t, :]` in numpy, [N, T, D] → [N, D].
    ///
    /// - Precondition: rank 3 and 0 ≤ t < T; the message names the shape.
    public func timeStep(_ t: Int) -> Tensor {
        precondition(rank == 3, "Tensor.timeStep: needs a batch of sequences [N, T, D], got \(shape)")
        let (samples, steps, features) = (shape[0], shape[1], shape[2])
        precondition((0..<steps).contains(t), "Tensor.timeStep: step \(t) out of range for \(shape)")
        var result: [Double] = []
        result.reserveCapacity(samples * features)
        for n in 0..<samples {
            let start = (n * steps + t) * features
            result.append(contentsOf: scalars[start ..< start + features])
        }
        return Tensor(shape: [samples, features], scalars: result)
    }

    /// Steps [N, D], one per time step, stacked into a batch of sequences [N, T, D]: numpy's
    /// `np.stack(steps, axis=1)`. The inverse of `timeStep(_:)`.
    ///
    /// - Precondition: at least one step, all matrices of one shape.
    public static func stackingTimeSteps(_ steps: [Tensor]) -> Tensor {
        precondition(!steps.isEmpty, "Tensor.stackingTimeSteps: no steps")
        let shape = steps[0].shape
        precondition(shape.count == 2 && steps.allSatisfy { $0.shape == shape },
                     "Tensor.stackingTimeSteps: every step must be one matrix shape [N, D], got \(steps.map(\.shape))")
        let (samples, features) = (shape[0], shape[1])
        var result: [Double] = []
        result.reserveCapacity(samples * steps.count * features)
        for n in 0..<samples {
            for step in steps { result.append(contentsOf: step.scalars[n * features ..< (n + 1) * features]) }
        }
        return Tensor(shape: [samples, steps.count, features], scalars: result)
    }

    /// Columns `range` of a matrix: `a[:, range]` in numpy, [N, K] → [N, range.count]. An LSTM
    /// cuts its four gates out of one [N, 4H] product this way.
    ///
    /// - Precondition: a matrix, and `range` within its columns.
    public func columns(_ range: Range<Int>) -> Tensor {
        precondition(rank == 2 && range.lowerBound >= 0 && range.upperBound <= shape[1],
                     "Tensor.columns: columns \(range) out of range for \(shape)")
        let (rows, width) = (shape[0], shape[1])
        var result: [Double] = []
        result.reserveCapacity(rows * range.count)
        for n in 0..<rows {
            result.append(contentsOf: scalars[n * width + range.lowerBound ..< n * width + range.upperBound])
        }
        return Tensor(shape: [rows, range.count], scalars: result)
    }

    /// Matrices with the same rows joined side by side: `np.concatenate(blocks, axis=1)`. The
    /// inverse of cutting with `columns(_:)`: an LSTM's four gate gradients become one [N, 4H].
    ///
    /// - Precondition: at least one block; all matrices with the same number of rows.
    public static func joiningColumns(_ blocks: [Tensor]) -> Tensor {
        precondition(!blocks.isEmpty && blocks.allSatisfy { $0.rank == 2 && $0.shape[0] == blocks[0].shape[0] },
                     "Tensor.joiningColumns: needs matrices with the same rows, got \(blocks.map(\.shape))")
        let rows = blocks[0].shape[0]
        var result: [Double] = []
        result.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
        for n in 0..<rows {
            for block in blocks {
                let width = block.shape[1]
                result.append(contentsOf: block.scalars[n * width ..< (n + 1) * width])
            }
        }
        return Tensor(shape: [rows, blocks.reduce(0) { $0 + $1.shape[1] }], scalars: result)
    }

    /// Each sample's two axes swapped: [N, A, B] → [N, B, A], `np.transpose(x, (0, 2, 1))`. An
    /// image read by columns instead of rows.
    ///
    /// - Precondition: rank 3.
    public func swappingSampleAxes() -> Tensor {
        precondition(rank == 3, "Tensor.swappingSampleAxes: needs a batch [N, A, B], got \(shape)")
        let (samples, a, b) = (shape[0], shape[1], shape[2])
        var result = [Double](repeating: 0, count: count)
        for n in 0..<samples {
            for i in 0..<a {
                for j in 0..<b { result[(n * b + j) * a + i] = scalars[(n * a + i) * b + j] }
            }
        }
        return Tensor(shape: [samples, b, a], scalars: result)
    }

    /// Row r of this matrix added into row `indices[r]` of a zero matrix of `rows` rows:
    /// numpy's `np.add.at(result, indices, self)`. Rows named twice get both; rows never named
    /// stay 0. The gradient of gathering rows (an embedding's lookup).
    ///
    /// - Precondition: a matrix with one row per index, every index in 0..<rows.
    public func rowsScatteredAdding(_ indices: [Int], into rows: Int) -> Tensor {
        precondition(rank == 2 && shape[0] == indices.count,
                     "Tensor.rowsScatteredAdding: \(indices.count) indices for a matrix \(shape)")
        let width = shape[1]
        var result = [Double](repeating: 0, count: rows * width)
        for (r, k) in indices.enumerated() {
            precondition((0..<rows).contains(k), "Tensor.rowsScatteredAdding: index \(k) out of range for \(rows) rows")
            for j in 0..<width { result[k * width + j] += scalars[r * width + j] }
        }
        return Tensor(shape: [rows, width], scalars: result)
    }
}

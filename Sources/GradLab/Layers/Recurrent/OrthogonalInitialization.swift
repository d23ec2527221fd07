/// A random orthogonal matrix, the way Keras starts a recurrent layer's Wₕ
/// (`recurrent_initializer="orthogonal"`, Saxe et al., 2014).
///
/// ```
/// A = n×n standard normal draws
/// Q = Gram–Schmidt on the rows of A:  qᵢ = (aᵢ − Σⱼ<ᵢ (aᵢ·qⱼ) qⱼ) / ‖…‖
/// QᵀQ = QQᵀ = I,  so every singular value of Q is 1
/// ```
///
/// Why orthogonal: backprop through time multiplies the gradient by Wₕᵀ once per step, and an
/// orthogonal matrix keeps its length, so at initialization the gradient neither shrinks nor
/// grows from the weights alone (only the activation's slope, at most 1, can shrink it). A
/// normal matrix with σ = 1/√n has a largest singular value near 2 instead.
///
/// - Precondition: `size` ≥ 1.
/// - Complexity: O(size³).
public func orthogonalMatrix(_ size: Int, using generator: inout SplitMix64) -> Tensor {
    precondition(size >= 1, "orthogonalMatrix: size must be positive, got \(size)")
    var rows: [[Double]] = []
    while rows.count < size {
        var row = (0..<size).map { _ in generator.nextStandardNormal() }
        for q in rows {
            let projection = zip(row, q).reduce(0) { $0 + $1.0 * $1.1 }
            for j in row.indices { row[j] -= projection * q[j] }
        }
        let length = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
        // A draw (almost) inside the span of the rows so far has nothing left: draw again.
        guard length > 1e-6 else { continue }
        rows.append(row.map { $0 / length })
    }
    return Tensor(rows)
}

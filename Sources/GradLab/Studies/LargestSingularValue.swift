/// The largest singular value σ_max of a matrix W, by power iteration on WᵀW: how much W can
/// stretch a vector, ‖W‖₂ = max ‖Wv‖ over ‖v‖ = 1.
///
/// ```
/// v ← a random unit vector
/// repeat:  u = Wᵀ(W v),  v ← u / ‖u‖        v turns towards WᵀW's top eigenvector
/// σ_max = ‖W v‖                              WᵀW's top eigenvalue is σ_max²
/// ```
///
/// Each round multiplies v by WᵀW, whose eigenvalues are the squared singular values; the
/// component along the largest grows fastest, so v lines up with it, and ‖Wv‖ becomes σ_max.
/// The error shrinks like (σ₂/σ_max)² per round: fast when the top singular value stands apart,
/// slow when two are close (but ‖Wv‖ ≤ σ_max always, and it is within a fraction of a percent
/// after a few dozen rounds even then). Pascanu, Mikolov and Bengio's bound on exploding and
/// vanishing gradients is written with σ_max of the recurrent weights (`ThroughTimeStudy`).
///
/// - Parameters:
///   - matrix: W, any m×n matrix.
///   - iterations: the most rounds (default 500); it stops sooner when σ changes by less than
///     one part in 10¹².
///   - seed: seeds the starting vector.
/// - Precondition: a matrix with at least one element.
public func largestSingularValue(of matrix: Tensor, iterations: Int = 500, seed: UInt64 = 1) -> Double {
    precondition(matrix.rank == 2 && matrix.count > 0, "largestSingularValue: needs a matrix, got \(matrix.shape)")
    var generator = SplitMix64(seed: seed)
    var v = Tensor.randomNormal(shape: [matrix.shape[1]], using: &generator)
    v = v / v.norm
    var sigma = 0.0
    for _ in 0..<iterations {
        let wv = matrix.matmul(v)
        let next = wv.norm
        let u = Tensor.matmul(matrix, transposeA: true, wv)   // Wᵀ(Wv)
        guard u.norm > 0 else { return 0 }                      // W v = 0: v lay in W's null space
        v = u / u.norm
        if abs(next - sigma) <= 1e-12 * next { return matrix.matmul(v).norm }
        sigma = next
    }
    return matrix.matmul(v).norm
}

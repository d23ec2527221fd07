import GradLab

// Exercise 24 (batchnorm-backward): the BatchNorm layer's backward pass.
//
// In training, BatchNorm normalizes each feature (each column of x, N×D) over the batch, then
// scales and shifts it by learned γ and β (one of each per feature):
//
//     μ  = (1/N) Σₙ xₙ                    the mean of each column
//     σ² = (1/N) Σₙ (xₙ − μ)²             its variance
//     x̂  = (x − μ) / √(σ² + ε)            normalized: mean 0, variance 1 in each column
//     y  = γ · x̂ + β
//
// Forward remembered x̂ (N×D) and 1/√(σ² + ε) (D, `inverseDeviation`). Given dout (N×D), return
//
//     dβ = Σₙ dout                         (D, as the Affine layer's db)
//     dγ = Σₙ dout · x̂                     (D)
//     dx                                    (N×D)
//
// The catch is dx: μ and σ² are computed from every x of the batch, so each xₙ reaches y by
// three paths (directly through x − μ, through μ, and through σ²), and their gradients add up.
// Either go backward node by node through the forward pass's graph (the one Saitoh 6.3.1 shows;
// x − μ = x̂ / inverseDeviation), or collect the terms into one closed form with two sums over
// the batch. A [D] tensor combines with an [N×D] one row by row: `dout * gamma`, and
// `t.sum(alongAxis: 0)` sums over the batch.
//
// The check runs your backward in a BatchNorm layer through `checkLayer` (dx, dγ and dβ against
// central differences, with γ ≠ 1 and features of different means and spreads).
//
// Then run: swift run gradlab check batchnorm-backward
// Stuck? swift run gradlab hint batchnorm-backward (one more hint each time you ask).

/// Your BatchNorm backward (training mode): dx, dγ and dβ from dout and what forward remembered.
public func myBatchNormBackward(dout: Tensor, normalized xHat: Tensor, gamma: Tensor,
                                inverseDeviation: Tensor) throws -> (dx: Tensor, dGamma: Tensor, dBeta: Tensor) {
    throw NotImplemented()
}

// The bugs to choose from in the bug hunt. Each suspect has exactly one of them; some of these
// bugs are planted in no suspect at all.

/// A bug in a backward pass, as the bug hunt names them.
public enum BackwardBug: String, CaseIterable, Sendable {
    /// Every element of dx has the wrong sign.
    case wrongSign
    /// Sigmoid: dx = dout · y, the (1 − y) forgotten.
    case missingOneMinusY
    /// Sigmoid: dx = dout · x · (1 − x), the input used where the output belongs.
    case usesInputInsteadOfOutput
    /// ReLU: dout passed where x ≤ 0 and blocked where x > 0.
    case invertedMask
    /// ReLU: dout passed everywhere, no mask at all.
    case missingMask
    /// Affine: dW = (xᵀ · dout)ᵀ, the weight gradient transposed.
    case transposedWeightGradient
    /// Affine: db = dout, one row per sample, not summed over the batch.
    case unsummedBiasGradient
    /// Affine: db averaged over the batch instead of summed.
    case averagedBiasGradient
    /// Softmax with loss: y − t, without dividing by the batch size N.
    case missingDivisionByN
    /// Softmax with loss: (y − t) / C, divided by the number of classes instead of N.
    case dividedByClasses
}

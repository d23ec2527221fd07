import Foundation

/// Interprets targets `t` for predictions of shape `[N, C]` (or `[C]`): either one-hot rows of
/// the same shape, or one class index per sample (shape `[N]`, or a scalar / `[1]` for a single
/// sample). Returns the index form when `t` is indices, `nil` when it is one-hot.
func classIndices(of t: Tensor, for y: Tensor, _ caller: String) -> [Int]? {
    classIndices(of: t, predictionShape: y.shape, caller)
}

/// Interprets targets `t` for predictions of shape `shape` (`[N, C]` or `[C]`): the class index
/// of each sample when `t` holds indices, `nil` when it holds one-hot rows of that shape.
///
/// - Precondition: `t` is one of the two forms; `caller` names the function in the message.
public func classIndices(of t: Tensor, predictionShape shape: [Int], _ caller: String) -> [Int]? {
    if t.shape == shape { return nil }
    let samples = shape.count == 1 ? 1 : shape[0]
    let classes = shape[shape.count - 1]
    precondition(t.count == samples && t.rank <= 1,
                 "\(caller): targets of shape \(t.shape) fit neither one-hot \(shape) nor \(samples) class indices")
    return t.scalars.map { value in
        precondition(value.isFinite && value == value.rounded() && value >= 0 && value < Double(classes),
                     "\(caller): class index \(value) is not a whole number in 0..<\(classes)")
        return Int(value)
    }
}

/// The cross-entropy error of predicted probabilities against targets, averaged over the batch:
/// the book's `cross_entropy_error`.
///
/// ```
/// E = −(1/N) Σₙ Σₖ tₙₖ · log(yₙₖ + δ)
/// ```
///
/// δ (the book's `delta = 1e-7`) keeps log(0) = −∞ away when a probability is exactly 0. With
/// it, the book's examples come out to the digit: y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]
/// against the label 2 gives −log(0.6 + 10⁻⁷) = 0.510825457099338.
///
/// - Parameters:
///   - y: probabilities, a vector (one sample) or `[N, C]`.
///   - t: one-hot targets shaped like `y`, or class indices (one per sample).
///   - delta: added inside the log (default 10⁻⁷; pass 0 for the exact cross-entropy).
/// - Returns: the mean error per sample.
public func crossEntropyError(_ y: Tensor, _ t: Tensor, delta: Double = 1e-7) -> Double {
    precondition(y.rank == 1 || y.rank == 2, "crossEntropyError: expects a vector or a matrix, got shape \(y.shape)")
    let samples = y.rank == 1 ? 1 : y.shape[0]
    let classes = y.shape[y.rank - 1]
    var total = 0.0
    if let labels = classIndices(of: t, for: y, "crossEntropyError") {
        for (n, label) in labels.enumerated() { total -= Foundation.log(y.scalars[n * classes + label] + delta) }
    } else {
        for i in 0..<y.count where t.scalars[i] != 0 { total -= t.scalars[i] * Foundation.log(y.scalars[i] + delta) }
    }
    return total / Double(samples)
}

/// The cross-entropy of softmax(scores) against targets, computed from the scores in
/// log-sum-exp form, averaged over the batch:
///
/// ```
/// E = −(1/N) Σₙ Σₖ tₙₖ · (aₙₖ − log Σⱼ exp(aₙⱼ))
/// ```
///
/// This is exactly `crossEntropyError(softmax(scores), t, delta: 0)`, but it never takes the
/// log of a rounded-to-zero probability, and it has no δ, so its exact gradient with respect
/// to the scores is (softmax(a) − t) / N: what `SoftmaxWithLoss.backward` returns.
public func softmaxCrossEntropy(scores: Tensor, _ t: Tensor) -> Double {
    precondition(scores.rank == 1 || scores.rank == 2,
                 "softmaxCrossEntropy: expects a vector or a matrix, got shape \(scores.shape)")
    let samples = scores.rank == 1 ? 1 : scores.shape[0]
    let classes = scores.shape[scores.rank - 1]
    let normalisers = logSumExp(scores)
    var total = 0.0
    if let labels = classIndices(of: t, for: scores, "softmaxCrossEntropy") {
        for (n, label) in labels.enumerated() { total -= scores.scalars[n * classes + label] - normalisers[n] }
    } else {
        for n in 0..<samples {
            for k in 0..<classes where t.scalars[n * classes + k] != 0 {
                total -= t.scalars[n * classes + k] * (scores.scalars[n * classes + k] - normalisers[n])
            }
        }
    }
    return total / Double(samples)
}

/// The sum of squared errors with the book's factor ½ (its `mean_squared_error`):
///
/// ```
/// E = ½ Σₖ (yₖ − tₖ)²
/// ```
///
/// The ½ makes the derivative simply y − t. The book's examples give 0.0975 (label 2 predicted
/// at 0.6) and 0.5975 (label 2 predicted at 0.1).
public func meanSquaredError(_ y: Tensor, _ t: Tensor) -> Double {
    precondition(y.shape == t.shape, "meanSquaredError: shapes \(y.shape) and \(t.shape) differ")
    return 0.5 * zip(y.scalars, t.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
}

/// The gradient of `meanSquaredError` with respect to y: y − t.
public func meanSquaredErrorDerivative(_ y: Tensor, _ t: Tensor) -> Tensor {
    precondition(y.shape == t.shape, "meanSquaredErrorDerivative: shapes \(y.shape) and \(t.shape) differ")
    return y - t
}

/// One-hot rows for class indices: row n has a 1 in column `labels[n]` and 0 elsewhere.
public func oneHot(_ labels: [Int], classes: Int) -> Tensor {
    var scalars = [Double](repeating: 0, count: labels.count * classes)
    for (n, label) in labels.enumerated() {
        precondition(label >= 0 && label < classes, "oneHot: label \(label) is not in 0..<\(classes)")
        scalars[n * classes + label] = 1
    }
    return Tensor(shape: [labels.count, classes], scalars: scalars)
}

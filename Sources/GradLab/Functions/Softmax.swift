import Foundation

/// The softmax of each row: turns scores into probabilities that are positive and sum to 1.
///
/// ```
/// softmax(a)ₖ = exp(aₖ − max(a)) / Σⱼ exp(aⱼ − max(a))
/// ```
///
/// Subtracting the row's maximum changes nothing mathematically (it cancels) but keeps exp
/// from overflowing: the book's example [1010, 1000, 990] gives NaN without it.
///
/// - Parameter x: a vector (one sample) or a matrix (one sample per row).
/// - Returns: a tensor of the same shape whose rows are probability distributions.
public func softmax(_ x: Tensor) -> Tensor {
    precondition(x.rank == 1 || x.rank == 2, "softmax: expects a vector or a matrix, got shape \(x.shape)")
    let width = x.shape[x.rank - 1]
    var result = x.scalars
    for start in stride(from: 0, to: result.count, by: Swift.max(width, 1)) {
        var maximum = -Double.infinity
        for j in start..<(start + width) { maximum = Swift.max(maximum, result[j]) }
        var sum = 0.0
        for j in start..<(start + width) {
            result[j] = Foundation.exp(result[j] - maximum)
            sum += result[j]
        }
        for j in start..<(start + width) { result[j] /= sum }
    }
    return Tensor(shape: x.shape, scalars: result)
}

/// log Σⱼ exp(aⱼ) of each row, computed as max(a) + log Σⱼ exp(aⱼ − max(a)) so that it never
/// overflows.
///
/// - Returns: one value per row (a vector), or a single value for a vector input.
public func logSumExp(_ x: Tensor) -> [Double] {
    precondition(x.rank == 1 || x.rank == 2, "logSumExp: expects a vector or a matrix, got shape \(x.shape)")
    let width = x.shape[x.rank - 1]
    return stride(from: 0, to: x.count, by: Swift.max(width, 1)).map { start in
        var maximum = -Double.infinity
        for j in start..<(start + width) { maximum = Swift.max(maximum, x.scalars[j]) }
        var sum = 0.0
        for j in start..<(start + width) { sum += Foundation.exp(x.scalars[j] - maximum) }
        return maximum + Foundation.log(sum)
    }
}

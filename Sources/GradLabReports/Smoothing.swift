/// Smoothing of noisy curves such as a mini-batch loss, which jumps from batch to batch.
///
/// Both functions return one value per input value, so the result plots against the same x.
public enum Smoothing {
    /// The debiased exponential moving average, as TensorBoard's smoothing slider computes it.
    ///
    /// ```
    /// m₀ = 0,  w₀ = 0
    /// mᵢ = factor · mᵢ₋₁ + (1 − factor) · vᵢ        (the moving average, biased toward 0)
    /// wᵢ = factor · wᵢ₋₁ + (1 − factor)             (= 1 − factorⁱ, the weight given so far)
    /// sᵢ = mᵢ / wᵢ                                   (debiased: s₁ = v₁, not (1 − factor)·v₁)
    /// ```
    ///
    /// Without the division the curve would start near 0 and crawl up; with it, the first
    /// smoothed value is the first value and every output is a weighted mean of the inputs so
    /// far, with weights decaying by `factor` per step.
    ///
    /// Non-finite values (a NaN loss) are passed through unchanged and do not disturb the
    /// average, as in TensorBoard.
    ///
    /// - Parameters:
    ///   - values: the raw curve.
    ///   - factor: the smoothing weight in `0 ..< 1`: 0 returns the input, 0.6 is TensorBoard's
    ///     default, 0.9–0.99 suit thousands of noisy iterations.
    /// - Returns: the smoothed curve, same length as `values`.
    /// - Precondition: `0 ≤ factor < 1`.
    /// - Complexity: O(n).
    public static func exponentialMovingAverage(_ values: [Double], factor: Double) -> [Double] {
        precondition(
            factor >= 0 && factor < 1,
            "Smoothing.exponentialMovingAverage: factor must be in 0..<1, got \(factor)")
        var average = 0.0, weight = 0.0
        return values.map { value in
            guard value.isFinite else { return value }
            average = factor * average + (1 - factor) * value
            weight = factor * weight + (1 - factor)
            return average / weight
        }
    }

    /// The trailing moving average: each output is the mean of the last `window` values (fewer
    /// at the start, where fewer exist).
    ///
    /// ```
    /// sᵢ = mean(v[max(0, i − window + 1) ... i])
    /// ```
    ///
    /// Trailing (not centred) so that the value at step `i` uses only steps up to `i`, like a
    /// live training log. Non-finite values are left out of the means; a window with no finite
    /// value gives NaN.
    ///
    /// - Parameters:
    ///   - values: the raw curve.
    ///   - window: how many values each mean covers, at least 1 (1 returns the input).
    /// - Returns: the smoothed curve, same length as `values`.
    /// - Precondition: `window ≥ 1`.
    /// - Complexity: O(n): a running sum adds the newest value and drops the oldest.
    public static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        precondition(window >= 1, "Smoothing.movingAverage: window must be at least 1, got \(window)")
        var result: [Double] = []
        result.reserveCapacity(values.count)
        var sum = 0.0, finiteCount = 0
        for (i, value) in values.enumerated() {
            if value.isFinite {
                sum += value
                finiteCount += 1
            }
            if i >= window, values[i - window].isFinite {
                sum -= values[i - window]
                finiteCount -= 1
            }
            result.append(finiteCount > 0 ? sum / Double(finiteCount) : .nan)
        }
        return result
    }
}

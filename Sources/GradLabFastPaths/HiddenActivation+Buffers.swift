import Foundation
import GradLab
import GradLabData
import GradLabKernels

extension HiddenActivation {
    /// z = σ(a + b) for every row of a `rows × width` buffer, in place: the hidden layer of the
    /// fast paths (training, evaluation, the numerical gradient).
    ///
    /// Each value comes from the activation itself (`self(t)`, the function the layers apply),
    /// except the sigmoid's, which is computed four lanes at a time as 1 / (1 + e⁻ᵗ) with the
    /// kernels' vectorised `exp`: the one accelerated activation. It agrees with `sigmoid(_:)` to
    /// a few ulp (VectorExpTests; FastPathEquivalenceTests through the trainer).
    func applyInPlace(_ values: UnsafeMutablePointer<Double>, rows: Int, width: Int, bias: UnsafePointer<Double>) {
        guard self == .sigmoid else {
            for r in 0..<rows {
                for j in 0..<width { values[r * width + j] = self(values[r * width + j] + bias[j]) }
            }
            return
        }
        let raw = UnsafeMutableRawPointer(values)
        let biasRaw = UnsafeRawPointer(bias)
        for r in 0..<rows {
            var j = 0
            while j + 4 <= width {
                let offset = (r * width + j) * 8
                let t = raw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                    + biasRaw.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                raw.storeBytes(of: 1 / (1 + exp(-t)), toByteOffset: offset, as: SIMD4<Double>.self)
                j += 4
            }
            while j < width {
                let t = values[r * width + j] + bias[j]
                values[r * width + j] = 1 / (1 + Foundation.exp(-t))
                j += 1
            }
        }
    }
}

/// Turns each row of `scores` (+ bias) into softmax probabilities in place and returns the sum
/// over rows of the cross-entropy −log pₙ,ₜₙ, computed in log-sum-exp form.
func softmaxCrossEntropyInPlace(
    _ scores: UnsafeMutablePointer<Double>, rows: Int, width: Int, bias: UnsafePointer<Double>,
    labels: UnsafeBufferPointer<Int>
) -> Double {
    var loss = 0.0
    for r in 0..<rows {
        let row = scores + r * width
        var maximum = -Double.infinity
        for c in 0..<width {
            row[c] += bias[c]
            maximum = max(maximum, row[c])
        }
        let labelScore = row[labels[r]]
        for c in 0..<width { row[c] -= maximum }
        expInPlace(UnsafeMutableBufferPointer(start: row, count: width))
        var sum = 0.0
        for c in 0..<width { sum += row[c] }
        loss += maximum + Foundation.log(sum) - labelScore
        let inverse = 1 / sum
        for c in 0..<width { row[c] *= inverse }
    }
    return loss
}

/// The first layer of every fast path (training, evaluation, the full numerical gradient):
/// z1 = σ(x · W1 + b1) for a batch, written into `z1` (rows × hidden).
///
/// x is read from `sparse` (its rows `rows`, zeros skipped) when given, else from the dense
/// rows-×-inputs matrix `dense`. One thread: these calls are small, and the callers that run in
/// parallel already do so at a coarser grain.
func hiddenLayerForward<Value: SparseValue, Rows: Collection<Int>>(
    sparse: SparseRows<Value>?, rows: Rows, dense: UnsafePointer<Double>?,
    W1: UnsafePointer<Double>, b1: UnsafePointer<Double>, activation: HiddenActivation,
    inputs: Int, hidden: Int, into z1: UnsafeMutablePointer<Double>
) {
    if let sparse {
        sparse.multiply(rows: rows, by: W1, width: hidden, into: z1)
    } else {
        guard let dense else { preconditionFailure("hiddenLayerForward: neither sparse nor dense input") }
        MatrixKernel.multiply(dense, transposeA: false, W1, transposeB: false, into: z1,
                              m: rows.count, n: hidden, k: inputs, accumulate: false, tile: .native, maxThreads: 1)
    }
    activation.applyInPlace(z1, rows: rows.count, width: hidden, bias: b1)
}

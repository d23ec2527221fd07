import Foundation
import GradLab
import GradLabData
import GradLabKernels

/// Evaluates a two-layer network's loss on one fixed batch again and again without allocating:
/// the inner loop of the full numerical gradient, which needs two complete forward passes per
/// parameter. One per worker thread.
final class LossEvaluator {
    let labels: [Int]
    let samples: Int
    /// The batch, dense, and its non-zero entries when skipping the zeros pays (`SparseRows.pays`).
    private let x: ScratchBuffer
    private let sparse: SparseRows<Double>?
    private let hidden: ScratchBuffer, scores: ScratchBuffer

    init(x: Tensor, labels: [Int], hiddenSize: Int, outputSize: Int) {
        self.labels = labels
        samples = x.shape[0]
        self.x = ScratchBuffer(x.scalars)
        let rows = SparseRows(x)
        sparse = rows.pays ? rows : nil
        hidden = ScratchBuffer(count: samples * hiddenSize)
        scores = ScratchBuffer(count: samples * outputSize)
    }

    /// The mean cross-entropy of softmax(scores), log-sum-exp form: the same loss as
    /// `Sequential.loss` (to a few ulp: the fast paths use the vectorised `exp`). A complete
    /// forward pass, as the book's method requires; the zeros of x are skipped, not recomputed.
    func loss(_ p: TwoLayerView.Weights, activation: HiddenActivation) -> Double {
        let (n, i, h, o) = (samples, p.W1.shape[0], p.W1.shape[1], p.W2.shape[1])
        let total = WeightPointers.with(p) { w in
            hiddenLayerForward(sparse: sparse, rows: 0..<n, dense: x.pointer, W1: w.W1, b1: w.b1,
                               activation: activation, inputs: i, hidden: h, into: hidden.pointer)
            smallMatrixMultiply(hidden.pointer, transposeA: false, w.W2, transposeB: false,
                                into: scores.pointer, m: n, n: o, k: h)
            return labels.withUnsafeBufferPointer {
                softmaxCrossEntropyInPlace(scores.pointer, rows: n, width: o, bias: w.b2, labels: $0)
            }
        }
        return total / Double(n)
    }
}

/// Class indices from targets given as one-hot rows or as indices (the fast paths work with
/// indices; soft targets are not one-hot and are refused).
func labelIndices(_ t: Tensor, samples: Int, classes: Int, _ caller: String) -> [Int] {
    if let indices = classIndices(of: t, predictionShape: [samples, classes], caller) { return indices }
    precondition(t.scalars.allSatisfy { $0 == 0 || $0 == 1 } && t.sum(alongAxis: 1).scalars.allSatisfy { $0 == 1 },
                 "\(caller): targets must be one-hot rows or class indices")
    return t.argmax()
}

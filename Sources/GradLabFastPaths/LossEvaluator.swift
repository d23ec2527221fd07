import Foundation
import GradLab
import GradLabData
import GradLabKernels

/// Evaluates a `TwoLayerNet`'s loss on one fixed batch again and again without allocating: the
/// inner loop of the full numerical gradient, which needs two complete forward passes per
/// parameter.
struct LossEvaluator {
    let x: [Double]
    let labels: [Int]
    let samples: Int
    /// The batch's non-zero entries, when skipping the zeros pays (`SparseRows.pays`).
    let sparse: SparseRows<Double>?
    private var hidden: [Double]
    private var scores: [Double]

    init(x: Tensor, labels: [Int], hiddenSize: Int, outputSize: Int) {
        self.x = x.scalars
        self.labels = labels
        samples = x.shape[0]
        let rows = SparseRows(x)
        sparse = rows.pays ? rows : nil
        hidden = [Double](repeating: 0, count: samples * hiddenSize)
        scores = [Double](repeating: 0, count: samples * outputSize)
    }

    /// The mean cross-entropy of softmax(scores), log-sum-exp form: the same loss as
    /// `Sequential.loss` (to a few ulp: the fast paths use the vectorised `exp`). A complete
    /// forward pass, as the book's method requires; the zeros of x are skipped, not recomputed.
    mutating func loss(_ p: TwoLayerView.Weights, activation: HiddenActivation) -> Double {
        let (n, i, h, o) = (samples, p.W1.shape[0], p.W1.shape[1], p.W2.shape[1])
        let sparse = sparse
        var total = 0.0
        x.withUnsafeBufferPointer { x in
        hidden.withUnsafeMutableBufferPointer { z in
        scores.withUnsafeMutableBufferPointer { s in
        p.W1.scalars.withUnsafeBufferPointer { W1 in
        p.b1.scalars.withUnsafeBufferPointer { b1 in
        p.W2.scalars.withUnsafeBufferPointer { W2 in
        p.b2.scalars.withUnsafeBufferPointer { b2 in
        labels.withUnsafeBufferPointer { labels in
            hiddenLayerForward(sparse: sparse, rows: 0..<n, dense: x.baseAddress, W1: W1.baseAddress!, b1: b1.baseAddress!,
                               activation: activation, inputs: i, hidden: h, into: z.baseAddress!)
            smallMatrixMultiply(z.baseAddress!, transposeA: false, W2.baseAddress!, transposeB: false,
                                into: s.baseAddress!, m: n, n: o, k: h)
            total = softmaxCrossEntropyInPlace(s.baseAddress!, rows: n, width: o, bias: b2.baseAddress!, labels: labels)
        }}}}}}}}
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

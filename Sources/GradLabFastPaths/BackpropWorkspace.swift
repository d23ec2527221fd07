import Foundation
import GradLab
import GradLabData
import GradLabKernels

/// Reusable buffers for computing a `TwoLayerNet`'s loss and backprop gradient on batch after
/// batch without allocating: the training loop's fast path.
///
/// It computes exactly what `Sequential.gradient(_:_:)` computes for the book's network, layer by layer, but writes
/// every intermediate (a1, z1, scores, their gradients) into buffers sized once, and skips dx
/// of the first layer, which no one needs:
///
/// ```
/// a1 = x · W1 + b1,   z1 = σ(a1),   s = z1 · W2 + b2,   y = softmax(s)
/// ds = (y − t) / N
/// dW2 = z1ᵀ · ds,     db2 = Σₙ ds
/// dz1 = ds · W2ᵀ,     da1 = dz1 ⊙ σ′(a1)
/// dW1 = xᵀ · da1,     db1 = Σₙ da1
/// ```
///
/// Loaded with the images' non-zero pixels (`loadBatch(from:sparse:indices:)`), x · W1 and
/// xᵀ · da1 skip MNIST's zeros (`SparseRows`, `SparseColumns`); the sigmoid and softmax use the
/// vectorised `exp`. The results agree with `TwoLayerNet.gradient` to a few ulp (tested).
/// docs/benchmarks.md measures each piece.
public struct BackpropWorkspace: Sendable {
    /// ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 from the last `lossAndGradient`, row-major.
    private var dW1: [Double], db1: [Double], dW2: [Double], db2: [Double]
    /// The batch currently loaded, row-major, `batchSize × inputSize`.
    public private(set) var input: [Double]
    /// The class index of each sample in the loaded batch.
    public private(set) var labels: [Int]
    /// The number of samples currently loaded.
    public private(set) var batchSize = 0
    /// When the images are mostly zeros, the batch is kept as indices into their sparse rows and
    /// x · W1 and xᵀ · da1 skip the zeros; `input` is then unused.
    private var sparseSource: SparseRows<UInt8>?
    private var batchIndices: [Int] = []
    private var transposed: SparseColumns
    /// Stands in for `transposed` while `lossAndGradient` works on it (allocated once, not per step).
    private static let placeholderColumns = SparseColumns(columnCount: 0)
    private let inputSize: Int, hiddenSize: Int, outputSize: Int
    private var hidden: [Double] = [], scores: [Double] = [], dScores: [Double] = [], dHidden: [Double] = []

    /// Creates buffers for networks shaped like `net`.
    public init(for net: TwoLayerView) {
        inputSize = net.inputSize
        hiddenSize = net.hiddenSize
        outputSize = net.outputSize
        dW1 = [Double](repeating: 0, count: inputSize * hiddenSize)
        db1 = [Double](repeating: 0, count: hiddenSize)
        dW2 = [Double](repeating: 0, count: hiddenSize * outputSize)
        db2 = [Double](repeating: 0, count: outputSize)
        input = []
        labels = []
        transposed = SparseColumns(columnCount: net.inputSize)
    }

    /// Loads a batch: the images at `indices`, scaled to [0, 1], and their labels. With
    /// `sparse` (the same images' non-zero pixels), the images stay bytes: the products skip
    /// the zeros and read the pixels directly.
    public mutating func loadBatch(from images: LabeledImages, sparse: SparseRows<UInt8>? = nil, indices: [Int]) {
        precondition(images.pixelsPerImage == inputSize,
                     "BackpropWorkspace: images have \(images.pixelsPerImage) pixels, the network \(inputSize) inputs")
        precondition(sparse.map { $0.rowCount == images.count } ?? true,
                     "BackpropWorkspace: \(sparse?.rowCount ?? 0) sparse rows for \(images.count) images")
        resize(to: indices.count, dense: sparse == nil)
        sparseSource = sparse
        if sparse != nil {
            batchIndices.removeAll(keepingCapacity: true)
            batchIndices.append(contentsOf: indices)
        } else {
            input.withUnsafeMutableBufferPointer { images.fillBatch(indices: indices, into: $0) }
        }
        for (n, index) in indices.enumerated() { labels[n] = images.label(at: index) }
    }

    /// Loads a batch given as a tensor (`N × inputSize`) and class indices.
    public mutating func loadBatch(_ x: Tensor, labels batchLabels: [Int]) {
        precondition(x.rank == 2 && x.shape[1] == inputSize && batchLabels.count == x.shape[0],
                     "BackpropWorkspace: batch \(x.shape) with \(batchLabels.count) labels does not fit \(inputSize) inputs")
        resize(to: x.shape[0], dense: true)
        sparseSource = nil
        x.scalars.withUnsafeBufferPointer { source in
            input.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source.baseAddress!, count: source.count) }
        }
        for n in 0..<batchLabels.count { labels[n] = batchLabels[n] }
    }

    private mutating func resize(to count: Int, dense: Bool) {
        if dense && input.count != count * inputSize { input = [Double](repeating: 0, count: count * inputSize) }
        guard count != batchSize else { return }
        batchSize = count
        labels = [Int](repeating: 0, count: count)
        hidden = [Double](repeating: 0, count: count * hiddenSize)
        dHidden = hidden
        scores = [Double](repeating: 0, count: count * outputSize)
        dScores = scores
    }

    /// The mean cross-entropy loss of `net` on the loaded batch, and ∂L/∂θ in the network's names.
    ///
    /// With `threads` > 1 and a sparse batch, the two first-layer products (and the regrouping
    /// of the batch by pixel) are shared with the worker pool's helper threads: x · W1 by rows,
    /// xᵀ · da1 by rows of dW1. Every number is computed by the same operations in the same
    /// order either way, so the result is the same to the bit.
    public mutating func lossAndGradient(for net: TwoLayerView, threads: Int = 1) -> (loss: Double, gradient: Parameters) {
        precondition(batchSize > 0, "BackpropWorkspace.lossAndGradient: no batch loaded")
        precondition(net.inputSize == inputSize && net.hiddenSize == hiddenSize && net.outputSize == outputSize,
                     "BackpropWorkspace: built for \(inputSize)-\(hiddenSize)-\(outputSize), given \(net.inputSize)-\(net.hiddenSize)-\(net.outputSize)")
        let (n, i, h, o) = (batchSize, inputSize, hiddenSize, outputSize)
        let activation = net.activation
        let p = net.parameters
        var loss = 0.0
        let labels = labels
        let sparse = sparseSource, batchIndices = batchIndices
        var (hidden, scores, dScores, dHidden) = (self.hidden, self.scores, self.dScores, self.dHidden)
        var (gW1, gb1, gW2, gb2) = (dW1, db1, dW2, db2)
        var transposed = self.transposed
        self.transposed = Self.placeholderColumns
        // Release our own references so the buffers are uniquely held and written in place.
        (self.hidden, self.scores, self.dScores, self.dHidden) = ([], [], [], [])
        (dW1, db1, dW2, db2) = ([], [], [], [])
        defer {
            (self.hidden, self.scores, self.dScores, self.dHidden) = (hidden, scores, dScores, dHidden)
            (dW1, db1, dW2, db2) = (gW1, gb1, gW2, gb2)
            self.transposed = transposed
        }
        withUnsafeMutablePointer(to: &transposed) { columns in
        input.withUnsafeBufferPointer { x in
        hidden.withUnsafeMutableBufferPointer { z1 in
        scores.withUnsafeMutableBufferPointer { s in
        dScores.withUnsafeMutableBufferPointer { ds in
        dHidden.withUnsafeMutableBufferPointer { dz1 in
        p.W1.scalars.withUnsafeBufferPointer { W1 in
        p.b1.scalars.withUnsafeBufferPointer { b1 in
        p.W2.scalars.withUnsafeBufferPointer { W2 in
        p.b2.scalars.withUnsafeBufferPointer { b2 in
            let shared = SharedStep(z1: z1.baseAddress!, dz1: dz1.baseAddress!, W1: W1.baseAddress!, b1: b1.baseAddress!,
                                    columns: columns)
            // Forward: z1 = σ(x·W1 + b1).
            if let sparse, threads > 1 {
                // Chunk 0 regroups the batch by pixel for the backward pass (it needs nothing
                // from the forward pass); the others are quarters of the batch's rows.
                let quarters = 4
                parallelChunks(1 + quarters, threads: threads) { chunk in
                    if chunk == 0 { return shared.columns.pointee.rebuild(from: sparse, rows: batchIndices) }
                    let rows = n * (chunk - 1) / quarters ..< n * chunk / quarters
                    hiddenLayerForward(sparse: sparse, rows: batchIndices[rows], dense: nil, W1: shared.W1, b1: shared.b1,
                                       activation: activation, inputs: i, hidden: h, into: shared.z1 + rows.lowerBound * h)
                }
            } else if let sparse {
                columns.pointee.rebuild(from: sparse, rows: batchIndices)
                hiddenLayerForward(sparse: sparse, rows: batchIndices, dense: nil, W1: W1.baseAddress!, b1: b1.baseAddress!,
                                   activation: activation, inputs: i, hidden: h, into: z1.baseAddress!)
            } else {
                hiddenLayerForward(sparse: SparseRows<UInt8>?.none, rows: 0..<n, dense: x.baseAddress, W1: W1.baseAddress!,
                                   b1: b1.baseAddress!, activation: activation, inputs: i, hidden: h, into: z1.baseAddress!)
            }
            // Scores, then softmax with loss: ds = (y − t)/N.
            smallMatrixMultiply(z1.baseAddress!, transposeA: false, W2.baseAddress!, transposeB: false,
                                into: ds.baseAddress!, m: n, n: o, k: h)
            loss = labels.withUnsafeBufferPointer {
                softmaxCrossEntropyInPlace(ds.baseAddress!, rows: n, width: o, bias: b2.baseAddress!, labels: $0)
            }
            let scale = 1 / Double(n)
            for r in 0..<n {
                for c in 0..<o { ds[r * o + c] *= scale }
                ds[r * o + labels[r]] -= scale
            }
            gW2.withUnsafeMutableBufferPointer { dW2 in
            gb2.withUnsafeMutableBufferPointer { db2 in
            gW1.withUnsafeMutableBufferPointer { dW1 in
            gb1.withUnsafeMutableBufferPointer { db1 in
                // dW2 = z1ᵀ·ds, db2 = Σ ds.
                smallMatrixMultiply(z1.baseAddress!, transposeA: true, ds.baseAddress!, transposeB: false,
                                    into: dW2.baseAddress!, m: h, n: o, k: n)
                for c in 0..<o { db2[c] = 0 }
                for r in 0..<n { for c in 0..<o { db2[c] += ds[r * o + c] } }
                // dz1 = ds·W2ᵀ, then da1 = dz1 ⊙ σ′, written with the output z1 it remembered.
                smallMatrixMultiply(ds.baseAddress!, transposeA: false, W2.baseAddress!, transposeB: true,
                                    into: dz1.baseAddress!, m: n, n: h, k: o)
                for index in 0..<(n * h) { dz1[index] *= activation.derivative(output: z1[index]) }
                for c in 0..<h { db1[c] = 0 }
                for r in 0..<n { for c in 0..<h { db1[c] += dz1[r * h + c] } }
                // dW1 = xᵀ·da1.
                if sparse != nil && threads > 1 {
                    // Rows of dW1 in eighths: pixels near the centre have more entries, so
                    // more chunks than threads keep the split even.
                    let eighths = 8, dW1 = SharedRows(pointer: dW1.baseAddress!)
                    parallelChunks(eighths, threads: threads) { chunk in
                        shared.columns.pointee.transposedProduct(
                            with: shared.dz1, width: h, columnRange: i * chunk / eighths ..< i * (chunk + 1) / eighths,
                            into: dW1.pointer)
                    }
                } else if sparse != nil {
                    // The batch's entries, regrouped pixel by pixel: each row of dW1 is one sum.
                    columns.pointee.transposedProduct(with: dz1.baseAddress!, width: h, columnRange: 0..<i, into: dW1.baseAddress!)
                } else {
                    MatrixKernel.multiply(x.baseAddress!, transposeA: true, dz1.baseAddress!, transposeB: false,
                                          into: dW1.baseAddress!, m: i, n: h, k: n, accumulate: false, tile: .native, maxThreads: 1)
                }
            }}}}
        }}}}}}}}}}
        let gradient = net.parameters(Tensor(shape: [i, h], scalars: gW1), Tensor(shape: [h], scalars: gb1),
                                      Tensor(shape: [h, o], scalars: gW2), Tensor(shape: [o], scalars: gb2))
        return (loss / Double(n), gradient)
    }
}

/// The buffers of one training step that helper threads read and write, in disjoint parts, while
/// `lossAndGradient` waits for them (hence `@unchecked Sendable`).
private struct SharedStep: @unchecked Sendable {
    let z1: UnsafeMutablePointer<Double>, dz1: UnsafeMutablePointer<Double>
    let W1: UnsafePointer<Double>, b1: UnsafePointer<Double>
    let columns: UnsafeMutablePointer<SparseColumns>
}

/// A matrix that helper threads write in disjoint rows.
private struct SharedRows: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
}

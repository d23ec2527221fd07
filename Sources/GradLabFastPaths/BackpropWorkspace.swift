import Foundation
import GradLab
import GradLabData
import GradLabKernels

/// Reusable memory for computing a two-layer network's loss and backprop gradient on batch after
/// batch without allocating: the training loop's fast path.
///
/// It computes what `Sequential.gradient(_:_:)` computes for Affine, activation, Affine,
/// softmax with loss, in the same order of operations, but writes every intermediate into
/// buffers sized once, and skips dx of the first layer, which no one needs. Each step is five
/// short functions, named after the equations:
///
/// ```
/// forwardHiddenLayer        z1 = σ(x · W1 + b1)
/// scoresAndLoss             s = z1 · W2 + b2,  y = softmax(s),  L,  ds = (y − t) / N
/// outputLayerGradients      dW2 = z1ᵀ · ds,    db2 = Σₙ ds
/// hiddenLayerGradients      dz1 = (ds · W2ᵀ) ⊙ σ′,  db1 = Σₙ dz1     (σ′ asked of the activation)
/// firstLayerWeightGradient  dW1 = xᵀ · dz1
/// ```
///
/// Loaded with the images' non-zero pixels (`loadBatch(from:sparse:indices:)`), x · W1 and
/// xᵀ · dz1 skip MNIST's zeros (`SparseRows`, `SparseColumns`); the sigmoid and softmax use the
/// vectorised `exp`. The results agree with `Sequential.gradient` to a few ulp: tested in
/// SparseProductTests (`sparseWorkspaceEqualsDenseWorkspace`) and, through the trainer, in
/// FastPathEquivalenceTests. docs/benchmarks.md measures each piece.
///
/// A workspace is scratch memory, so it is a class: one per training loop, not shared between
/// threads (its own helper threads work on disjoint parts of it during a step).
public final class BackpropWorkspace: @unchecked Sendable {
    private let inputSize: Int, hiddenSize: Int, outputSize: Int
    /// The number of samples currently loaded.
    public private(set) var batchSize = 0
    /// The class index of each sample in the loaded batch.
    public private(set) var labels: [Int] = []
    /// The step's intermediates, sized for the loaded batch.
    private var buffers = StepBuffers(batch: 0, inputs: 0, hidden: 0, outputs: 0)
    /// ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2, row-major: arrays, so that the gradient handed back wraps
    /// them without a copy (and, once the caller has used it, the next step writes in place).
    private var dW1: [Double], db1: [Double], dW2: [Double], db2: [Double]
    /// When the images are mostly zeros, the batch is kept as indices into their sparse rows;
    /// the dense input buffer is then unused.
    private var sparseSource: SparseRows<UInt8>?
    private var batchIndices: [Int] = []

    /// Creates a workspace for networks shaped like `net`.
    public init(for net: TwoLayerView) {
        (inputSize, hiddenSize, outputSize) = (net.inputSize, net.hiddenSize, net.outputSize)
        dW1 = [Double](repeating: 0, count: inputSize * hiddenSize)
        db1 = [Double](repeating: 0, count: hiddenSize)
        dW2 = [Double](repeating: 0, count: hiddenSize * outputSize)
        db2 = [Double](repeating: 0, count: outputSize)
    }

    // MARK: Loading a batch

    /// Loads a batch: the images at `indices` and their labels. With `sparse` (the same images'
    /// non-zero pixels), the images stay bytes: the products skip the zeros and read the pixels
    /// directly; without, they are scaled to [0, 1] into the dense input buffer.
    public func loadBatch(from images: LabeledImages, sparse: SparseRows<UInt8>? = nil, indices: [Int]) {
        precondition(images.pixelsPerImage == inputSize,
                     "BackpropWorkspace: images have \(images.pixelsPerImage) pixels, the network \(inputSize) inputs")
        precondition(sparse.map { $0.rowCount == images.count } ?? true,
                     "BackpropWorkspace: \(sparse?.rowCount ?? 0) sparse rows for \(images.count) images")
        resize(to: indices.count)
        sparseSource = sparse
        batchIndices.removeAll(keepingCapacity: true)
        batchIndices.append(contentsOf: indices)
        if sparse == nil { images.fillBatch(indices: indices, into: buffers.x) }
        for (n, index) in indices.enumerated() { labels[n] = images.label(at: index) }
    }

    /// Loads a batch given as a tensor (`N × inputSize`) and class indices.
    public func loadBatch(_ x: Tensor, labels batchLabels: [Int]) {
        precondition(x.rank == 2 && x.shape[1] == inputSize && batchLabels.count == x.shape[0],
                     "BackpropWorkspace: batch \(x.shape) with \(batchLabels.count) labels does not fit \(inputSize) inputs")
        resize(to: x.shape[0])
        sparseSource = nil
        _ = buffers.x.update(fromContentsOf: x.scalars)
        for n in 0..<batchLabels.count { labels[n] = batchLabels[n] }
    }

    private func resize(to count: Int) {
        guard count != batchSize else { return }
        batchSize = count
        labels = [Int](repeating: 0, count: count)
        buffers = StepBuffers(batch: count, inputs: inputSize, hidden: hiddenSize, outputs: outputSize)
    }

    // MARK: One step

    /// The mean cross-entropy loss of `net` on the loaded batch, and ∂L/∂θ in the network's names.
    ///
    /// With `threads` > 1 and a sparse batch, the two first-layer products (and the regrouping
    /// of the batch by pixel) are shared with the worker pool's helper threads: x · W1 by rows,
    /// xᵀ · dz1 by rows of dW1. Every number is computed by the same operations in the same
    /// order either way, so the result is the same to the bit.
    public func lossAndGradient(for net: TwoLayerView, threads: Int = 1) -> (loss: Double, gradient: Parameters) {
        precondition(batchSize > 0, "BackpropWorkspace.lossAndGradient: no batch loaded")
        precondition(net.inputSize == inputSize && net.hiddenSize == hiddenSize && net.outputSize == outputSize,
                     "BackpropWorkspace: built for \(inputSize)-\(hiddenSize)-\(outputSize), given \(net.inputSize)-\(net.hiddenSize)-\(net.outputSize)")
        let loss = WeightPointers.with(net.parameters) { weights in
            GradientPointers.with(&dW1, &db1, &dW2, &db2) { gradient in
                forwardHiddenLayer(weights, activation: net.activation, threads: threads)
                let loss = scoresAndLoss(weights)
                outputLayerGradients(gradient)
                hiddenLayerGradients(weights, gradient, activation: net.activation)
                firstLayerWeightGradient(gradient, threads: threads)
                return loss
            }
        }
        let (i, h, o) = (inputSize, hiddenSize, outputSize)
        let gradient = net.parameters(Tensor(shape: [i, h], scalars: dW1), Tensor(shape: [h], scalars: db1),
                                      Tensor(shape: [h, o], scalars: dW2), Tensor(shape: [o], scalars: db2))
        return (loss, gradient)
    }

    /// z1 = σ(x · W1 + b1). Sparse and shared: chunk 0 regroups the batch by pixel for
    /// `firstLayerWeightGradient` (it needs nothing from this pass); the others are quarters of
    /// the batch's rows.
    private func forwardHiddenLayer(_ w: WeightPointers, activation: HiddenActivation, threads: Int) {
        let (n, i, h) = (batchSize, inputSize, hiddenSize)
        let buffers = buffers, rows = batchIndices
        guard let sparse = sparseSource else {
            hiddenLayerForward(sparse: SparseRows<UInt8>?.none, rows: 0..<n, dense: UnsafePointer(buffers.x.baseAddress),
                               W1: w.W1, b1: w.b1, activation: activation, inputs: i, hidden: h, into: buffers.z1)
            return
        }
        guard threads > 1 else {
            buffers.columns.rebuild(from: sparse, rows: rows)
            hiddenLayerForward(sparse: sparse, rows: rows, dense: nil, W1: w.W1, b1: w.b1, activation: activation,
                               inputs: i, hidden: h, into: buffers.z1)
            return
        }
        let quarters = 4
        parallelChunks(1 + quarters, threads: threads) { chunk in
            if chunk == 0 { return buffers.columns.rebuild(from: sparse, rows: rows) }
            let part = n * (chunk - 1) / quarters ..< n * chunk / quarters
            hiddenLayerForward(sparse: sparse, rows: rows[part], dense: nil, W1: w.W1, b1: w.b1, activation: activation,
                               inputs: i, hidden: h, into: buffers.z1 + part.lowerBound * h)
        }
    }

    /// s = z1 · W2 + b2; y = softmax(s) and the summed cross-entropy, in place; then
    /// ds = (y − t) / N. Returns the mean loss.
    private func scoresAndLoss(_ w: WeightPointers) -> Double {
        let (n, h, o) = (batchSize, hiddenSize, outputSize)
        let ds = buffers.ds
        smallMatrixMultiply(buffers.z1, transposeA: false, w.W2, transposeB: false, into: ds, m: n, n: o, k: h)
        let total = labels.withUnsafeBufferPointer {
            softmaxCrossEntropyInPlace(ds, rows: n, width: o, bias: w.b2, labels: $0)
        }
        let scale = 1 / Double(n)
        for r in 0..<n {
            for c in 0..<o { ds[r * o + c] *= scale }
            ds[r * o + labels[r]] -= scale
        }
        return total / Double(n)
    }

    /// dW2 = z1ᵀ · ds, db2 = Σₙ ds.
    private func outputLayerGradients(_ g: GradientPointers) {
        let (n, h, o) = (batchSize, hiddenSize, outputSize)
        let ds = buffers.ds
        smallMatrixMultiply(buffers.z1, transposeA: true, ds, transposeB: false, into: g.dW2, m: h, n: o, k: n)
        sumRows(ds, rows: n, width: o, into: g.db2)
    }

    /// dz1 = (ds · W2ᵀ) ⊙ σ′, with σ′ written with the output z1 the forward pass kept, then
    /// db1 = Σₙ dz1.
    private func hiddenLayerGradients(_ w: WeightPointers, _ g: GradientPointers, activation: HiddenActivation) {
        let (n, h, o) = (batchSize, hiddenSize, outputSize)
        let (z1, dz1) = (buffers.z1, buffers.dz1)
        smallMatrixMultiply(buffers.ds, transposeA: false, w.W2, transposeB: true, into: dz1, m: n, n: h, k: o)
        for index in 0..<(n * h) { dz1[index] *= activation.derivative(output: z1[index]) }
        sumRows(dz1, rows: n, width: h, into: g.db1)
    }

    /// dW1 = xᵀ · dz1: from the batch regrouped by pixel (each row of dW1 one sum, rows shared
    /// out in eighths, since pixels near the centre have more entries), or the dense kernel.
    private func firstLayerWeightGradient(_ g: GradientPointers, threads: Int) {
        let (n, i, h) = (batchSize, inputSize, hiddenSize)
        let buffers = buffers
        guard sparseSource != nil else {
            MatrixKernel.multiply(buffers.x.baseAddress!, transposeA: true, buffers.dz1, transposeB: false,
                                  into: g.dW1, m: i, n: h, k: n, accumulate: false, tile: .native, maxThreads: 1)
            return
        }
        guard threads > 1 else {
            return buffers.columns.transposedProduct(with: buffers.dz1, width: h, columnRange: 0..<i, into: g.dW1)
        }
        let eighths = 8
        parallelChunks(eighths, threads: threads) { chunk in
            buffers.columns.transposedProduct(with: buffers.dz1, width: h,
                                              columnRange: i * chunk / eighths ..< i * (chunk + 1) / eighths, into: g.dW1)
        }
    }
}

/// out[c] = Σᵣ m[r, c] for a `rows × width` matrix: a bias's gradient, summed row after row as
/// `Tensor.sum(alongAxis: 0)` sums.
func sumRows(_ m: UnsafeMutablePointer<Double>, rows: Int, width: Int, into out: UnsafeMutablePointer<Double>) {
    for c in 0..<width { out[c] = 0 }
    for r in 0..<rows { for c in 0..<width { out[c] += m[r * width + c] } }
}

/// A step's intermediates, allocated once per batch size and freed with the workspace: the dense
/// input x (N × I), z1 and dz1 (N × H), the scores turned into ds (N × O), and the batch
/// regrouped by pixel. Helper threads write disjoint parts of them during a step.
private final class StepBuffers: @unchecked Sendable {
    let x: UnsafeMutableBufferPointer<Double>
    let z1: UnsafeMutablePointer<Double>
    let dz1: UnsafeMutablePointer<Double>
    let ds: UnsafeMutablePointer<Double>
    var columns: SparseColumns

    init(batch: Int, inputs: Int, hidden: Int, outputs: Int) {
        x = .allocate(capacity: batch * inputs)
        x.initialize(repeating: 0)
        z1 = .allocate(capacity: batch * hidden)
        z1.initialize(repeating: 0, count: batch * hidden)
        dz1 = .allocate(capacity: batch * hidden)
        dz1.initialize(repeating: 0, count: batch * hidden)
        ds = .allocate(capacity: batch * outputs)
        ds.initialize(repeating: 0, count: batch * outputs)
        columns = SparseColumns(columnCount: inputs)
    }

    deinit {
        x.deallocate()
        z1.deallocate()
        dz1.deallocate()
        ds.deallocate()
    }
}

/// The four gradient arrays, written in place, for the duration of a step.
private struct GradientPointers: @unchecked Sendable {
    let dW1: UnsafeMutablePointer<Double>, db1: UnsafeMutablePointer<Double>
    let dW2: UnsafeMutablePointer<Double>, db2: UnsafeMutablePointer<Double>

    /// Calls `body` with pointers to the arrays' storage.
    static func with<R>(_ dW1: inout [Double], _ db1: inout [Double], _ dW2: inout [Double], _ db2: inout [Double],
                        _ body: (GradientPointers) -> R) -> R {
        dW1.withUnsafeMutableBufferPointer { dW1 in
        db1.withUnsafeMutableBufferPointer { db1 in
        dW2.withUnsafeMutableBufferPointer { dW2 in
        db2.withUnsafeMutableBufferPointer { db2 in
            body(GradientPointers(dW1: dW1.baseAddress!, db1: db1.baseAddress!, dW2: dW2.baseAddress!, db2: db2.baseAddress!))
        }}}}
    }
}

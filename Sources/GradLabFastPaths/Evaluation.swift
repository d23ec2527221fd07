import Dispatch
import Foundation
import GradLab
import GradLabData
import GradLabKernels

/// The images' non-zero pixels, when skipping zeros pays (`SparseRows.pays`).
public func sparseIfWorthIt(_ images: LabeledImages) -> SparseRows<UInt8>? {
    let sparse = SparseRows(images)
    return sparse.pays ? sparse : nil
}

/// The fraction of `images` that `net` classifies correctly (highest score = label).
///
/// The images are split between the processor's cores; each worker converts its images from
/// bytes to doubles 1000 at a time (or reads their non-zero pixels from `sparse`) and runs them
/// through the same kernels as training, so the 70,000 MNIST images need only a few megabytes
/// at once.
///
/// - Parameters:
///   - net: the network.
///   - images: the images and labels.
///   - sparse: the same images' non-zero pixels (`sparseIfWorthIt`), or nil for dense products.
///   - workers: threads to use (default: one per core).
///   - chunkSize: images per matrix product.
public func accuracy(of net: TwoLayerView, on images: LabeledImages, sparse: SparseRows<UInt8>? = nil,
                     workers: Int? = nil, chunkSize: Int = 1000) -> Double {
    precondition(images.pixelsPerImage == net.inputSize,
                 "accuracy: images have \(images.pixelsPerImage) pixels, the network \(net.inputSize) inputs")
    precondition(sparse.map { $0.rowCount == images.count } ?? true,
                 "accuracy: \(sparse?.rowCount ?? 0) sparse rows for \(images.count) images")
    guard images.count > 0 else { return 0 }
    let workers = Swift.max(1, Swift.min(workers ?? MatrixKernel.cores, images.count / chunkSize))
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
    defer { counts.deallocate() }
    nonisolated(unsafe) let shared = counts  // each worker writes its own slot
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let range = (images.count * worker / workers)..<(images.count * (worker + 1) / workers)
        shared[worker] = countCorrect(net, images, sparse, range: range, chunkSize: chunkSize)
    }
    return Double(counts.reduce(0, +)) / Double(images.count)
}

/// How many images in `range` the network classifies correctly (one worker's share), a chunk of
/// images at a time: x · W1 through the same hidden layer as training, then the scores.
private func countCorrect(_ net: TwoLayerView, _ images: LabeledImages, _ sparse: SparseRows<UInt8>?,
                          range: Range<Int>, chunkSize: Int) -> Int {
    let (inputs, hiddenUnits, outputs) = (net.inputSize, net.hiddenSize, net.outputSize)
    let x = ScratchBuffer(count: sparse == nil ? chunkSize * inputs : 0)
    let hidden = ScratchBuffer(count: chunkSize * hiddenUnits)
    let scores = ScratchBuffer(count: chunkSize * outputs)
    var correct = 0
    WeightPointers.with(net.parameters) { w in
        for start in stride(from: range.lowerBound, to: range.upperBound, by: chunkSize) {
            let chunk = start..<Swift.min(start + chunkSize, range.upperBound)
            if sparse == nil {
                images.fillBatch(indices: Array(chunk), into: UnsafeMutableBufferPointer(rebasing: x.buffer[0..<(chunk.count * inputs)]))
            }
            hiddenLayerForward(sparse: sparse, rows: chunk, dense: x.pointer, W1: w.W1, b1: w.b1, activation: net.activation,
                               inputs: inputs, hidden: hiddenUnits, into: hidden.pointer)
            smallMatrixMultiply(hidden.pointer, transposeA: false, w.W2, transposeB: false,
                                into: scores.pointer, m: chunk.count, n: outputs, k: hiddenUnits)
            for (r, image) in chunk.enumerated() where predictedClass(scores.pointer + r * outputs, bias: w.b2, classes: outputs)
                == images.label(at: image) {
                correct += 1
            }
        }
    }
    return correct
}

/// The class with the highest score (+ bias); ties go to the first.
private func predictedClass(_ scores: UnsafePointer<Double>, bias: UnsafePointer<Double>, classes: Int) -> Int {
    var best = 0
    for c in 1..<classes where scores[c] + bias[c] > scores[best] + bias[best] { best = c }
    return best
}

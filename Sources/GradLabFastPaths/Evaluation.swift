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

/// How many images in `range` the network classifies correctly (one worker's share).
private func countCorrect(_ net: TwoLayerView, _ images: LabeledImages, _ sparse: SparseRows<UInt8>?,
                          range: Range<Int>, chunkSize: Int) -> Int {
    let (inputs, hiddenUnits, outputs) = (net.inputSize, net.hiddenSize, net.outputSize)
    var x = [Double](repeating: 0, count: sparse == nil ? chunkSize * inputs : 0)
    var hidden = [Double](repeating: 0, count: chunkSize * hiddenUnits)
    var scores = [Double](repeating: 0, count: chunkSize * outputs)
    var indices = [Int]()
    indices.reserveCapacity(chunkSize)
    var correct = 0
    let p = net.parameters
    for start in stride(from: range.lowerBound, to: range.upperBound, by: chunkSize) {
        let count = Swift.min(chunkSize, range.upperBound - start)
        x.withUnsafeMutableBufferPointer { xs in
        hidden.withUnsafeMutableBufferPointer { z in
        scores.withUnsafeMutableBufferPointer { s in
        p.W1.scalars.withUnsafeBufferPointer { W1 in
        p.b1.scalars.withUnsafeBufferPointer { b1 in
        p.W2.scalars.withUnsafeBufferPointer { W2 in
            if sparse == nil {
                indices.removeAll(keepingCapacity: true)
                indices.append(contentsOf: start..<(start + count))
                images.fillBatch(indices: indices, into: UnsafeMutableBufferPointer(rebasing: xs[0..<(count * inputs)]))
            }
            hiddenLayerForward(sparse: sparse, rows: start..<(start + count), dense: UnsafePointer(xs.baseAddress),
                               W1: W1.baseAddress!, b1: b1.baseAddress!, activation: net.activation,
                               inputs: inputs, hidden: hiddenUnits, into: z.baseAddress!)
            smallMatrixMultiply(z.baseAddress!, transposeA: false, W2.baseAddress!, transposeB: false,
                                into: s.baseAddress!, m: count, n: outputs, k: hiddenUnits)
            for r in 0..<count {
                var best = 0
                for c in 0..<outputs where s[r * outputs + c] + p.b2[flat: c] > s[r * outputs + best] + p.b2[flat: best] {
                    best = c
                }
                if best == images.label(at: start + r) { correct += 1 }
            }
        }}}}}}
    }
    return correct
}

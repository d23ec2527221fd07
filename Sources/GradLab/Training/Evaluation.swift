/// The fraction of `images` that `net` classifies correctly (highest score = label).
///
/// Images are converted from bytes to doubles chunk by chunk (1000 at a time), and each chunk
/// goes through the same matrix kernel as training, so the 70,000 MNIST images need no more
/// than a few megabytes at once.
public func accuracy(of net: TwoLayerNet, on images: LabeledImages, chunkSize: Int = 1000) -> Double {
    precondition(images.pixelsPerImage == net.inputSize,
                 "accuracy: images have \(images.pixelsPerImage) pixels, the network \(net.inputSize) inputs")
    guard images.count > 0 else { return 0 }
    let (inputs, hiddenUnits, outputs) = (net.inputSize, net.hiddenSize, net.outputSize)
    var x = [Double](repeating: 0, count: chunkSize * inputs)
    var hidden = [Double](repeating: 0, count: chunkSize * hiddenUnits)
    var scores = [Double](repeating: 0, count: chunkSize * outputs)
    var indices = [Int]()
    indices.reserveCapacity(chunkSize)
    var correct = 0
    let p = net.parameters
    for start in stride(from: 0, to: images.count, by: chunkSize) {
        let count = Swift.min(chunkSize, images.count - start)
        indices.removeAll(keepingCapacity: true)
        indices.append(contentsOf: start..<(start + count))
        x.withUnsafeMutableBufferPointer { buffer in
            images.fillBatch(indices: indices, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(count * inputs)]))
        }
        x.withUnsafeBufferPointer { xs in
        hidden.withUnsafeMutableBufferPointer { z in
        scores.withUnsafeMutableBufferPointer { s in
        p.W1.withUnsafeBufferPointer { W1 in
        p.W2.withUnsafeBufferPointer { W2 in
            MatrixKernel.multiply(xs.baseAddress!, transposeA: false, W1.baseAddress!, transposeB: false,
                                  into: z.baseAddress!, m: count, n: hiddenUnits, k: inputs)
            for r in 0..<count {
                for c in 0..<hiddenUnits { z[r * hiddenUnits + c] = net.activation(z[r * hiddenUnits + c] + p.b1[flat: c]) }
            }
            MatrixKernel.multiply(z.baseAddress!, transposeA: false, W2.baseAddress!, transposeB: false,
                                  into: s.baseAddress!, m: count, n: outputs, k: hiddenUnits)
            for r in 0..<count {
                var best = 0
                for c in 0..<outputs where s[r * outputs + c] + p.b2[flat: c] > s[r * outputs + best] + p.b2[flat: best] {
                    best = c
                }
                if best == images.label(at: start + r) { correct += 1 }
            }
        }}}}}
    }
    return Double(correct) / Double(images.count)
}

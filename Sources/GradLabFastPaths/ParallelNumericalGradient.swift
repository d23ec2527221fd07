import Dispatch
import Foundation
import GradLab
import GradLabData
import GradLabKernels

extension TwoLayerView {
    /// The book's numerical gradient, two complete forward passes per parameter, spread over
    /// the processor's cores: each worker takes a share of the elements and perturbs its own copy
    /// of the parameters, so no two workers ever touch the same memory.
    ///
    /// The values are those of `numericalGradient(_:_:h:)` (the same central difference of the
    /// same loss); only the order in which the elements are visited differs.
    ///
    /// - Parameters:
    ///   - x: the batch, N × inputSize.
    ///   - t: one-hot targets or class indices.
    ///   - h: the step (default 10⁻⁴).
    ///   - sampling: which parameters to differentiate (default all); the others are left 0.
    ///     A sample times the method on a large net: every loss evaluation costs the same.
    ///   - workers: how many threads (default: one per active core).
    /// - Complexity: 2 forward passes per parameter differentiated.
    public func parallelNumericalGradient(
        _ x: Tensor, _ t: Tensor, h: Double = 1e-4, sampling: ElementSampling = .all,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> Parameters {
        precondition(x.rank == 2 && x.shape[1] == inputSize,
                     "parallelNumericalGradient: batch \(x.shape) does not fit \(inputSize) inputs")
        let labels = labelIndices(t, samples: x.shape[0], classes: outputSize, "parallelNumericalGradient")
        let keyPaths: [WritableKeyPath<Weights, Tensor> & Sendable] = [\.W1, \.b1, \.W2, \.b2]
        let sizes = keyPaths.map { parameters[keyPath: $0].count }
        let total = sizes.reduce(0, +)
        let chosen = sampling.indices(count: total)
        let workerCount = Swift.max(1, Swift.min(workers, chosen.count))
        // Each worker writes its own elements of one flat result: disjoint, no locks needed.
        let result = UnsafeMutableBufferPointer<Double>.allocate(capacity: total)
        result.initialize(repeating: 0)
        defer { result.deallocate() }
        let (net, hiddenSize, outputSize) = (self, hiddenSize, outputSize)
        nonisolated(unsafe) let shared = result  // workers write disjoint ranges
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var copy = net.parameters
            let evaluator = LossEvaluator(x: x, labels: labels, hiddenSize: hiddenSize, outputSize: outputSize)
            let share = chosen[(chosen.count * worker / workerCount)..<(chosen.count * (worker + 1) / workerCount)]
            var offset = 0
            for (slot, keyPath) in keyPaths.enumerated() {
                let slotRange = offset..<(offset + sizes[slot])
                offset += sizes[slot]
                for flat in share where slotRange.contains(flat) {
                    let i = flat - slotRange.lowerBound
                    let original = copy[keyPath: keyPath][flat: i]
                    copy[keyPath: keyPath][flat: i] = original + h
                    let plus = evaluator.loss(copy, activation: net.activation)
                    copy[keyPath: keyPath][flat: i] = original - h
                    let minus = evaluator.loss(copy, activation: net.activation)
                    copy[keyPath: keyPath][flat: i] = original
                    shared[flat] = (plus - minus) / (2 * h)
                }
            }
        }
        var offset = 0
        var tensors: [Tensor] = []
        for (slot, keyPath) in keyPaths.enumerated() {
            let shape = parameters[keyPath: keyPath].shape
            tensors.append(Tensor(shape: shape, scalars: Array(result[offset..<(offset + sizes[slot])])))
            offset += sizes[slot]
        }
        return self.parameters(tensors[0], tensors[1], tensors[2], tensors[3])
    }
}

import Dispatch
import GradLab
import GradLabData
import GradLabKernels

/// Backprop for convolutional networks over reusable buffers: the layers' own computation
/// (`Sequential.trainingGradient`), step by step on memory sized once, the products through the
/// matrix kernel on both cores, the image loops (im2col, col2im, pooling, bias and activation)
/// shared out by slices of the batch. Accuracy is measured the same way, on both cores, a chunk
/// of images at a time.
///
/// Conv2D, Affine (each with the ReLU, sigmoid or tanh after it fused in), the activations alone,
/// MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D and Flatten run on the buffers
/// (`LayerPlan`); any other layer (BatchNorm, Dropout, LeakyReLU, Residual, …) runs its own
/// `forward` and `backward` on tensors made from them, so the state a training step leaves in it
/// (running averages, the dropout generator) moves on as with `LayerBackprop`. The loss layer
/// and the weight penalty are the network's own.
///
/// Every number is computed by the same operations in the same order as through the layers, so
/// the loss, the gradients and a whole training run are the same bits as `LayerBackprop`'s
/// (FastConvolutionTests).
public struct FastConvolutionBackprop: GradientSource {
    private let plan: LayerPlan
    private let workspace: LayerPlanWorkspace
    /// One workspace per evaluation worker, made on the first evaluation.
    private var evaluationWorkspaces: [LayerPlanWorkspace] = []

    /// The fast source for `network` on samples of `inputSize` values (784 for MNIST), or nil if
    /// the network has no convolution or pooling layer (the two-layer `FastBackprop` and the
    /// layers are for those) or cannot take such samples.
    public init?(_ network: Sequential, inputSize: Int) {
        guard let plan = LayerPlan(network, inputSize: inputSize), plan.hasImageSteps else { return nil }
        self.plan = plan
        workspace = LayerPlanWorkspace(plan)
    }

    /// "fast backprop (convolutional layers over buffers)".
    public var name: String { "fast backprop (convolutional layers over buffers)" }

    /// The loss on the batch and ∂L/∂θ, in training mode, as `network.trainingGradient` computes
    /// them; the layers the plan runs through their own code keep what the step leaves in them.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        step(&network, on: batch, stopwatch: nil)
    }

    /// `lossAndGradient`, timing each step of the plan on the way.
    private func step(_ network: inout Sequential, on batch: Batch, stopwatch: StepStopwatch?) -> (loss: Double, gradient: Parameters) {
        let n = batch.indices.count
        batch.images.fillBatch(indices: batch.indices, into: workspace.inputBuffer(samples: n))
        let parameters = network.parameters
        let (plan, workspace, threads) = (plan, workspace, MatrixKernel.cores)
        let shapes = parameters.tensors.map(\.shape)
        let (loss, tensors) = plan.withWeights(of: network.layers) { weights in
            stopwatch?.start()
            let scores = workspace.forward(&network.layers, weights: weights, mode: .training, threads: threads, stopwatch: stopwatch)
            let count = n * (plan.steps.last?.outputSize ?? plan.inputSize)
            let scoreTensor = Tensor(shape: [n] + (plan.steps.last?.outputShape ?? []),
                                     scalars: Array(UnsafeBufferPointer(start: scores, count: count)))
            let loss = network.lossLayer.forward(scoreTensor, batch.t) + network.weightDecay.penalty(parameters)
            let dscores = network.lossLayer.backward()
            dscores.scalars.withUnsafeBufferPointer {
                _ = UnsafeMutableBufferPointer(start: workspace.scoreGradient(), count: count).update(fromContentsOf: $0)
            }
            stopwatch?.start()
            return (loss, workspace.backward(&network.layers, weights: weights, parameterShapes: shapes, threads: threads,
                                             stopwatch: stopwatch))
        }
        let gradient = Parameters(zip(parameters.names, tensors).map { NamedTensor($0, $1) })
        return (loss, network.weightDecay.adding(to: gradient, at: parameters))
    }

    /// Where one training step's time goes: each step of the plan (a layer, or a Conv2D or
    /// Affine layer with its activation) with its seconds forward and backward, the least of
    /// `repeats` steps on `batch`. The loss layer, the copies around it and the weight penalty
    /// are left out. The steps change what a training step changes in `network`.
    public mutating func profile(_ network: inout Sequential, on batch: Batch, repeats: Int = 5)
        -> [(step: String, forward: Double, backward: Double)] {
        var best = plan.steps.map { _ in (forward: Double.infinity, backward: Double.infinity) }
        for _ in 0..<Swift.max(1, repeats) {
            let stopwatch = StepStopwatch(steps: plan.steps.count)
            _ = step(&network, on: batch, stopwatch: stopwatch)
            for s in best.indices {
                best[s] = (Swift.min(best[s].forward, stopwatch.forward[s]), Swift.min(best[s].backward, stopwatch.backward[s]))
            }
        }
        return zip(plan.steps, best).map { step, time in (step.description(network.layers), time.forward, time.backward) }
    }

    /// Accuracy on both sets, measured now on both cores (`accuracy(of:on:)`).
    public mutating func evaluate(_ network: Sequential, afterIteration iteration: Int,
                                  trainingSet: LabeledImages, testSet: LabeledImages) -> EpochRecord? {
        EpochRecord(iteration: iteration, trainAccuracy: accuracy(of: network, on: trainingSet),
                    testAccuracy: accuracy(of: network, on: testSet))
    }

    /// The fraction of `images` that `network` classifies correctly: what GradLab's
    /// `accuracy(of:on:)` computes through the layers, the same predictions to the bit.
    ///
    /// The images are split between the cores; each worker runs `chunkSize` images at a time
    /// through the plan in inference mode, on its own buffers and its own copy of the layers,
    /// its products on one thread.
    ///
    /// - Precondition: `network` has the layers this source was made for.
    public mutating func accuracy(of network: Sequential, on images: LabeledImages, chunkSize: Int = 100) -> Double {
        precondition(images.pixelsPerImage == plan.inputSize,
                     "FastConvolutionBackprop.accuracy: images have \(images.pixelsPerImage) pixels, the network \(plan.inputSize) inputs")
        guard images.count > 0 else { return 0 }
        let workers = Swift.max(1, Swift.min(MatrixKernel.cores, (images.count + chunkSize - 1) / chunkSize))
        while evaluationWorkspaces.count < workers { evaluationWorkspaces.append(LayerPlanWorkspace(plan)) }
        let (plan, workspaces) = (plan, evaluationWorkspaces)
        let counts = OwnedBuffer<Int>(count: workers, repeating: 0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (images.count * worker / workers)..<(images.count * (worker + 1) / workers)
            counts.pointer[worker] = countCorrect(network, plan: plan, images, range: range, chunkSize: chunkSize,
                                                  workspace: workspaces[worker])
        }
        return Double(counts.buffer.reduce(0, +)) / Double(images.count)
    }
}

/// How many images in `range` the network classifies correctly (one worker's share).
private func countCorrect(_ network: Sequential, plan: LayerPlan, _ images: LabeledImages, range: Range<Int>,
                          chunkSize: Int, workspace: LayerPlanWorkspace) -> Int {
    var layers = network.layers
    let classes = plan.steps.last?.outputSize ?? plan.inputSize
    var correct = 0
    plan.withWeights(of: network.layers) { weights in
        for start in stride(from: range.lowerBound, to: range.upperBound, by: chunkSize) {
            let chunk = Array(start..<Swift.min(start + chunkSize, range.upperBound))
            images.fillBatch(indices: chunk, into: workspace.inputBuffer(samples: chunk.count))
            let scores = workspace.forward(&layers, weights: weights, mode: .inference, threads: 1)
            for (row, image) in chunk.enumerated() where predictedClass(scores + row * classes, classes: classes)
                == images.label(at: image) {
                correct += 1
            }
        }
    }
    return correct
}

/// The class with the highest score; ties go to the first (as `Tensor.argmax`).
private func predictedClass(_ scores: UnsafePointer<Double>, classes: Int) -> Int {
    var best = 0
    for c in 1..<classes where scores[c] > scores[best] { best = c }
    return best
}

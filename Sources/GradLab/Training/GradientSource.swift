import GradLabData
/// Where the trainer gets each step's gradient: the caller's choice of method.
///
/// The core offers the readable ways: `LayerBackprop` (forward through the layers, backward
/// through them reversed) and `NumericalGradients` (central differences, two losses per
/// parameter). `GradLabFastPaths` adds accelerated sources for the two-layer network; each is
/// tested equal to these.
///
/// A source also measures accuracy for the trainer. The default does it right away, in chunks,
/// with the network's own `accuracy`; a source may instead run evaluations in the background
/// and hand their records back later, in order (`finishedEvaluations`).
public protocol GradientSource {
    /// What the output calls this method ("backprop through the layers", …).
    var name: String { get }

    /// The loss on the batch and ∂L/∂θ for every parameter of `network`, in training mode.
    /// `network` is `inout` for what a training step leaves in the layers (BatchNorm's running
    /// averages, Dropout's generator); its parameters must not change.
    mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters)

    /// Tells the source the batch after the one about to be computed (a fast path may fetch its
    /// images into the cache meanwhile). The default ignores it.
    mutating func prepare(next batch: Batch)

    /// Measures train and test accuracy of `network` after `iteration`. Returns the record, or
    /// nil if the source measures in the background (the record then comes from
    /// `finishedEvaluations` or `waitForEvaluations`).
    mutating func evaluate(_ network: Sequential, afterIteration iteration: Int,
                           trainingSet: LabeledImages, testSet: LabeledImages) -> EpochRecord?

    /// Records of background evaluations finished since the last call, in order.
    mutating func finishedEvaluations() -> [EpochRecord]

    /// Waits for every background evaluation; returns the records not yet handed back.
    mutating func waitForEvaluations() -> [EpochRecord]

    /// Seconds spent in background evaluations so far (0 for a source that evaluates in line).
    var evaluationSeconds: Double { get }
}

extension GradientSource {
    /// Nothing to prepare.
    public mutating func prepare(next batch: Batch) {}

    /// Accuracy on both sets, measured now with `accuracy(of:on:)`.
    public mutating func evaluate(_ network: Sequential, afterIteration iteration: Int,
                                  trainingSet: LabeledImages, testSet: LabeledImages) -> EpochRecord? {
        EpochRecord(iteration: iteration, trainAccuracy: accuracy(of: network, on: trainingSet),
                    testAccuracy: accuracy(of: network, on: testSet))
    }

    /// No background evaluations.
    public mutating func finishedEvaluations() -> [EpochRecord] { [] }

    /// No background evaluations.
    public mutating func waitForEvaluations() -> [EpochRecord] { [] }

    /// No background evaluations.
    public var evaluationSeconds: Double { 0 }
}

/// The fraction of `images` that `network` classifies correctly, 1000 images at a time (so
/// that 60,000 images never become one 60,000 × 784 tensor).
public func accuracy(of network: Sequential, on images: LabeledImages, chunkSize: Int = 1000) -> Double {
    guard images.count > 0 else { return 0 }
    var correct = 0.0
    for start in stride(from: 0, to: images.count, by: chunkSize) {
        let indices = Array(start..<Swift.min(start + chunkSize, images.count))
        let batch = Batch(images, indices: indices)
        correct += network.accuracy(batch.x, batch.t) * Double(indices.count)
    }
    return correct / Double(images.count)
}

/// The mean loss of `network` over `images` in inference (the weight penalty included, once),
/// 1000 images at a time: Keras's `val_loss`. For a reconstruction `target` the loss is against
/// the clean images; with noise, each chunk's noisy input is seeded from `noiseSeed` and the
/// chunk's start, so that the same network always gets the same number.
public func meanLoss(of network: Sequential, on images: LabeledImages, target: TrainingTarget = .labels,
                     noiseSeed: UInt64 = 0, chunkSize: Int = 1000) -> Double {
    guard images.count > 0 else { return 0 }
    var unpenalized = network
    unpenalized.weightDecay = .none
    var total = 0.0
    for start in stride(from: 0, to: images.count, by: chunkSize) {
        let indices = Array(start..<Swift.min(start + chunkSize, images.count))
        let batch = Batch(images, indices: indices, target: target, noiseSeed: noiseSeed &+ UInt64(start))
        total += unpenalized.loss(batch.x, batch.t) * Double(indices.count)
    }
    return total / Double(images.count) + network.weightDecay.penalty(network.parameters)
}

/// One mini-batch: which images of a set, and the same as tensors.
public struct Batch: Sendable {
    /// The set the batch is drawn from.
    public let images: LabeledImages
    /// The positions of the batch's images in `images`.
    public let indices: [Int]
    /// What the network learns to output: the labels (the default) or the images themselves.
    public var target: TrainingTarget
    /// Seeds the noise of a denoising target, so that `x` is the same each time it is read.
    public var noiseSeed: UInt64

    /// The batch `indices` of `images`, to be trained towards `target`.
    public init(_ images: LabeledImages, indices: [Int], target: TrainingTarget = .labels, noiseSeed: UInt64 = 0) {
        self.images = images
        self.indices = indices
        self.target = target
        self.noiseSeed = noiseSeed
    }

    /// The images as rows scaled to [0, 1], N × pixels (the book's `x_batch`); for a denoising
    /// target, with the noise added (``addingGaussianNoise(to:sigma:seed:)``).
    public var x: Tensor {
        addingGaussianNoise(to: images.images(at: indices), sigma: target.noise, seed: noiseSeed)
    }

    /// The targets: the class labels as a vector of N indices (the book's `t_batch` without
    /// one-hot), or for a reconstruction the clean images, N × pixels.
    public var t: Tensor {
        switch target {
        case .labels: Tensor(images.labels(at: indices).map(Double.init))
        case .inputs: images.images(at: indices)
        }
    }
}

/// Backprop through the layers, the readable way: `Sequential.gradient`, forward through the
/// layers and backward through them reversed. Trains any network.
public struct LayerBackprop: GradientSource {
    /// Creates the source.
    public init() {}

    /// "backprop through the layers".
    public var name: String { "backprop through the layers" }

    /// `network.trainingGradient(x, t)` on the batch.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        network.trainingGradient(batch.x, batch.t)
    }
}

/// The numerical gradient, the readable way: `Sequential.numericalGradient`, the book's central
/// differences, two complete forward passes per parameter. Trains any network, slowly.
public struct NumericalGradients: GradientSource {
    /// The finite-difference step.
    public var h: Double

    /// Creates the source with step `h` (default 10⁻⁴, the book's).
    public init(h: Double = 1e-4) {
        self.h = h
    }

    /// "numerical (central differences through the layers)".
    public var name: String { "numerical (central differences through the layers)" }

    /// The loss and `network.numericalGradient(x, t)` on the batch, in training mode; then one
    /// training forward pass, to move the layers' state on as backprop's step would.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        let (x, t) = (batch.x, batch.t)
        let result = (network.loss(x, t, mode: .training), network.numericalGradient(x, t, h: h))
        network.advanceTrainingState(on: x)
        return result
    }
}

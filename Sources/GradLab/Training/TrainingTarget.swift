import GradLabData

/// What a network learns to output for a batch of images: their class labels (the book's
/// classifiers), or the images themselves (an autoencoder, whose label is its own input).
///
/// ```
/// labels:                x = the images,                        t = their class indices
/// inputs(noise: 0):      x = the images,                        t = the same images
/// inputs(noise: σ > 0):  x = clip(images + N(0, σ²), 0, 1),     t = the clean images
/// ```
///
/// The last is the denoising autoencoder: it sees a corrupted image and is scored against the
/// clean one, so it cannot win by copying its input. Targets shaped like the scores are what
/// `MeanSquaredErrorLoss` and `SigmoidWithBinaryCrossEntropy` take.
public enum TrainingTarget: Sendable, Equatable {
    /// The class labels (the default): the network classifies.
    case labels
    /// The clean images: the network reconstructs its input. `noise` is the standard deviation
    /// σ of the Gaussian noise added to the input (pixels in [0, 1]); 0 for none.
    case inputs(noise: Double)

    /// Whether the target is the input itself (an autoencoder's training).
    public var isReconstruction: Bool {
        if case .inputs = self { return true }
        return false
    }

    /// The standard deviation of the noise added to the input; 0 for labels and clean inputs.
    public var noise: Double {
        if case let .inputs(noise) = self { return noise }
        return 0
    }
}

/// `images` with Gaussian noise of standard deviation `sigma` added to every pixel, then
/// clipped back to [0, 1] so they are still images: `clip(x + σ·z, 0, 1)`, z ~ N(0, 1).
///
/// The same `seed` gives the same noise, so a batch's input is the same every time it is asked
/// for, and a test set's noisy copy is the same after every epoch.
///
/// - Precondition: `sigma ≥ 0` and finite.
public func addingGaussianNoise(to images: Tensor, sigma: Double, seed: UInt64) -> Tensor {
    precondition(sigma >= 0 && sigma.isFinite, "addingGaussianNoise: σ must be finite and ≥ 0, got \(sigma)")
    guard sigma > 0 else { return images }
    var generator = SplitMix64(seed: seed)
    return images.map { Swift.min(Swift.max($0 + sigma * generator.nextStandardNormal(), 0), 1) }
}

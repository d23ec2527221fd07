import Foundation
import GradLabData

/// An autoencoder trained to rebuild its input, measured on the test set after every epoch, beside
/// the PCA of the same code size: the experiment behind `gradlab autoencoder` and chapter 17.
///
/// ```
/// train(autoencoder, target: .inputs(noise: σ))     the label is the image itself
/// after every epoch: test loss = loss(decoder(encoder(x̃)), x)    x̃: x, or x with noise
/// PCA-k on the clean training images, measured the same way
/// ```
public struct AutoencoderStudy: Sendable {
    /// The losses of one epoch.
    public struct Epoch: Sendable, Equatable {
        /// The epoch (1 = the first).
        public var epoch: Int
        /// The mean mini-batch loss over the epoch's steps (on noisy inputs when denoising).
        public var trainLoss: Double
        /// The loss on the whole test set at the epoch's end, against the clean images.
        public var testLoss: Double
    }

    /// How well a model rebuilds the test set.
    public struct Measure: Sendable, Equatable {
        /// The autoencoder's own loss (binary cross-entropy or mean squared error).
        public var loss: Double
        /// The mean squared error of the rebuilt pixels, in [0, 1], against the clean ones: a
        /// second yardstick that needs no logits.
        public var pixelError: Double
    }

    /// The PCA baseline.
    public struct Baseline: Sendable {
        /// The components, fitted on the clean training images.
        public var components: PrincipalComponents
        /// Its test measures, on the same inputs and loss as the autoencoder's.
        public var measure: Measure
    }

    /// The first test images in pictures: clean, as the network saw them, and rebuilt.
    public struct Pictures: Sendable {
        /// The clean images, [n, D].
        public var clean: Tensor
        /// The noisy inputs when denoising, else nil.
        public var noisy: Tensor?
        /// The autoencoder's reconstructions (pixels in [0, 1]).
        public var reconstructions: Tensor
        /// PCA's reconstructions, clipped to [0, 1].
        public var baseline: Tensor?
    }

    /// The autoencoder after training.
    public var autoencoder: Autoencoder
    /// The run's curves (per-iteration losses, the test measurements as validation records).
    public var history: TrainingHistory
    /// What trained it.
    public var configuration: TrainingConfiguration
    /// The losses of every finished epoch.
    public var epochs: [Epoch]
    /// The trained autoencoder's test measures.
    public var measure: Measure
    /// The PCA of the same code size, if asked for.
    public var baseline: Baseline?
    /// The first few test images and their reconstructions.
    public var pictures: Pictures
    /// With a 2-number code: every test image's code, [N, 2], and its label; else nil.
    public var codes: (codes: Tensor, labels: [Int])?

    /// Trains `autoencoder` on `trainingSet` and measures it on `testSet`.
    ///
    /// - Parameters:
    ///   - autoencoder: the untrained autoencoder.
    ///   - configuration: the run; its `target` is set to `.inputs(noise: noise)` here.
    ///   - noise: σ of the Gaussian noise on the inputs (0: a plain autoencoder).
    ///   - source: where each step's gradient comes from (layers, tape, numerical).
    ///   - baseline: whether to fit the PCA of the same code size.
    ///   - pictureCount: how many test images to show.
    ///   - onEvent: the trainer's events (the validation records are the test measurements).
    /// - Throws: `TrainingError.diverged` if the loss stopped being a number.
    public init(_ autoencoder: Autoencoder, trainingSet: LabeledImages, testSet: LabeledImages,
                configuration: TrainingConfiguration, noise: Double, source: any GradientSource = LayerBackprop(),
                baseline: Bool = true, pictureCount: Int = 10,
                onEvent: (TrainingEvent) -> Void = { _ in }) throws(TrainingError) {
        var configuration = configuration
        configuration.target = .inputs(noise: noise)
        configuration.evaluatesEachEpoch = false
        // The test set stands where a validation set would: measured after every epoch, never
        // trained on (there is no early stopping to choose by it).
        let history = try train(autoencoder.network, on: trainingSet, testSet: testSet, validationSet: testSet,
                                configuration: configuration, using: source, onEvent: onEvent)
        self.history = history
        var trained = autoencoder
        trained.network = history.network
        self.autoencoder = trained
        self.configuration = configuration
        var previous = -1
        epochs = history.validation.map { record in
            let steps = history.losses[(previous + 1)...record.iteration]
            previous = record.iteration
            return Epoch(epoch: record.epoch, trainLoss: steps.reduce(0, +) / Double(steps.count), testLoss: record.loss)
        }
        let pca = baseline ? PrincipalComponents(fitting: trainingSet, count: trained.codeSize, seed: configuration.seed) : nil
        let measures = Self.measure(trained, pca, on: testSet, noise: noise, noiseSeed: configuration.validationNoiseSeed)
        measure = measures.autoencoder
        self.baseline = pca.map { Baseline(components: $0, measure: measures.baseline!) }

        let shown = Array(0..<Swift.min(pictureCount, testSet.count))
        let clean = testSet.images(at: shown)
        let input = addingGaussianNoise(to: clean, sigma: noise, seed: configuration.validationNoiseSeed)
        pictures = Pictures(clean: clean, noisy: noise > 0 ? input : nil, reconstructions: trained.reconstruct(input),
                            baseline: pca.map { $0.reconstruct(input).map(Self.clipped) })
        codes = nil
        if trained.codeSize == 2 {
            let chunks = Self.chunks(of: testSet)
            let codes = chunks.map { trained.encode(Batch(testSet, indices: $0, target: .inputs(noise: noise), noiseSeed: configuration.validationNoiseSeed &+ UInt64($0[0])).x) }
            self.codes = (Tensor(shape: [testSet.count, 2], scalars: codes.flatMap(\.scalars)), testSet.labels.map(Int.init))
        }
    }

    /// The autoencoder's and PCA's measures on `images`, 1000 at a time, the noisy inputs seeded
    /// as the trainer's validation seeds them (so the loss here is the last epoch's test loss).
    public static func measure(_ autoencoder: Autoencoder, _ pca: PrincipalComponents?, on images: LabeledImages,
                               noise: Double, noiseSeed: UInt64) -> (autoencoder: Measure, baseline: Measure?) {
        var sums = (loss: 0.0, pixels: 0.0, pcaLoss: 0.0, pcaPixels: 0.0)
        let network = autoencoder.network
        for chunk in chunks(of: images) {
            let batch = Batch(images, indices: chunk, target: .inputs(noise: noise), noiseSeed: noiseSeed &+ UInt64(chunk[0]))
            let (x, t) = (batch.x, batch.t)
            let weight = Double(chunk.count)
            var lossLayer = network.lossLayer
            sums.loss += lossLayer.forward(network.scores(x), t) * weight
            sums.pixels += meanSquaredError(autoencoder.reconstruct(x), t) * weight
            if let pca {
                let rebuilt = pca.reconstruct(x).map(clipped)
                sums.pcaLoss += loss(ofPixels: rebuilt, t, like: network.lossLayer) * weight
                sums.pcaPixels += meanSquaredError(rebuilt, t) * weight
            }
        }
        let count = Double(images.count)
        return (Measure(loss: sums.loss / count, pixelError: sums.pixels / count),
                pca.map { _ in Measure(loss: sums.pcaLoss / count, pixelError: sums.pcaPixels / count) })
    }

    /// The loss `lossLayer` gives pixels p in [0, 1] against t. Mean squared error takes them as
    /// they are; binary cross-entropy takes logits, so p is first kept in [ε, 1 − ε] (ε = 10⁻³,
    /// where a sigmoid's logit is ±6.9) and turned into z = log(p / (1 − p)), σ(z) = p.
    public static func loss(ofPixels p: Tensor, _ t: Tensor, like lossLayer: any LossLayer) -> Double {
        var layer = lossLayer
        guard lossLayer is SigmoidWithBinaryCrossEntropy else { return layer.forward(p, t) }
        let epsilon = 1e-3
        let logits = p.map { value in
            let kept = Swift.min(Swift.max(value, epsilon), 1 - epsilon)
            return Foundation.log(kept / (1 - kept))
        }
        return layer.forward(logits, t)
    }

    /// The mean of (a − b)² over every element.
    static func meanSquaredError(_ a: Tensor, _ b: Tensor) -> Double {
        zip(a.scalars, b.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(Swift.max(a.count, 1))
    }

    /// A pixel kept in [0, 1].
    static func clipped(_ value: Double) -> Double { Swift.min(Swift.max(value, 0), 1) }

    /// The positions of `images`, 1000 at a time.
    static func chunks(of images: LabeledImages) -> [[Int]] {
        stride(from: 0, to: images.count, by: 1000).map { Array($0..<Swift.min($0 + 1000, images.count)) }
    }
}

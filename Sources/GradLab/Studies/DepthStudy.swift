import GradLabData

/// How the gradient reaches the layers of a deep network, and what BatchNorm and skip
/// connections change: ‖∂L/∂Wℓ‖ of every layer, at initialization and after training.
///
/// Backprop multiplies the gradient, layer by layer on its way down, by each layer's Wᵀ and by
/// its activation's slope. With the sigmoid (σ′ ≤ 1/4) and the book's small weights (σ = 0.01,
/// so ‖W‖ shrinks a vector by about σ√n = 0.1) each layer multiplies by about 1/40: after ten
/// layers the first layer's gradient is some 16 orders of magnitude below the last one's and it
/// does not learn (the gradient *vanishes*). ReLU with He's σ = √(2/n) keeps the product near 1;
/// BatchNorm rescales each layer's signal, whatever the weights; a residual block y = x + F(x)
/// passes the gradient down unchanged beside F.
///
/// ```
/// ratio = ‖∂L/∂W₁‖ / ‖∂L/∂W_L‖        W₁ the first hidden layer's weights, W_L the last hidden layer's
/// ```
///
/// The output layer is left out of the ratio: its gradient comes straight from the loss and
/// passes no hidden layer, and its size follows the size of the last hidden outputs (which grow
/// along a residual stack).
///
/// Norms are measured on one fixed probe batch (the first `probeSize` training images) with
/// `Sequential.gradient`, in training mode, before and after `iterations` steps of SGD by the
/// trainer with `LayerBackprop`. Biases, γ and β are left out: only the weights.
public struct DepthStudy: Sendable {
    /// One network of the study.
    public struct Variant: Sendable, Equatable {
        /// Its name in tables and legends ("sigmoid, σ = 0.01", "ReLU, He + BatchNorm", …).
        public var name: String
        /// The hidden activation.
        public var activation: HiddenActivation
        /// How its weights start.
        public var initialization: WeightInitialization
        /// How each hidden layer is built.
        public var structure: Structure

        /// Creates a variant.
        public init(name: String, activation: HiddenActivation, initialization: WeightInitialization, structure: Structure) {
            self.name = name
            self.activation = activation
            self.initialization = initialization
            self.structure = structure
        }

        /// The network as a `--network` description, `hiddenLayers` layers of `width` units:
        ///
        /// ```
        /// plain       affine W, act, affine W, act, …, affine 10
        /// batchNorm   affine W, batchnorm, act, …, affine 10
        /// residual    affine W, act, residual(affine W, act), …, affine 10   (the first layer
        ///             changes the width, so it cannot be a block)
        /// ```
        public func specification(hiddenLayers: Int, width: Int) -> String {
            let act = activation.rawValue
            return stackDescription(count: hiddenLayers, width: width) { index in
                switch structure {
                case .plain: "affine \(width), \(act)"
                case .batchNorm: "affine \(width), batchnorm, \(act)"
                case .residual: index == 0 ? "affine \(width), \(act)" : "residual(affine \(width), \(act))"
                }
            }
        }
    }

    /// How a hidden layer is built.
    public enum Structure: String, Sendable, Equatable {
        /// affine, activation.
        case plain
        /// affine, BatchNorm, activation (the book's order).
        case batchNorm
        /// y = x + activation(affine(x)), a skip connection around each layer after the first.
        case residual
    }

    /// One variant's measurements.
    public struct Run: Sendable {
        /// The network.
        public var variant: Variant
        /// The training run (its losses are the curves shown side by side).
        public var run: StudyRun
        /// The weights' names, first layer first: W1, W2, …
        public var weightNames: [String]
        /// ‖∂L/∂Wℓ‖ of every layer at initialization, on the probe batch.
        public var initialNorms: [Double]
        /// ‖∂L/∂Wℓ‖ of every layer after training, on the probe batch.
        public var trainedNorms: [Double]

        /// ‖∂L/∂W₁‖ / ‖∂L/∂W_L‖ (L the last hidden layer) at initialization.
        public var initialRatio: Double { DepthStudy.ratio(initialNorms) }
        /// ‖∂L/∂W₁‖ / ‖∂L/∂W_L‖ after training.
        public var trainedRatio: Double { DepthStudy.ratio(trainedNorms) }
    }

    /// The variants of the study: the sigmoid with the book's σ = 0.01 and ReLU with He, each
    /// plain, with BatchNorm, and with skip connections.
    public static let standardVariants: [Variant] = [
        Variant(name: "sigmoid, σ = 0.01", activation: .sigmoid, initialization: .book, structure: .plain),
        Variant(name: "sigmoid, σ = 0.01, BatchNorm", activation: .sigmoid, initialization: .book, structure: .batchNorm),
        Variant(name: "sigmoid, σ = 0.01, residual", activation: .sigmoid, initialization: .book, structure: .residual),
        Variant(name: "ReLU, He", activation: .relu, initialization: .he, structure: .plain),
        Variant(name: "ReLU, He, BatchNorm", activation: .relu, initialization: .he, structure: .batchNorm),
        Variant(name: "ReLU, He, residual", activation: .relu, initialization: .he, structure: .residual),
    ]

    /// Hidden layers of every network.
    public let hiddenLayers: Int
    /// Units per hidden layer.
    public let width: Int
    /// Images in the probe batch.
    public let probeSize: Int
    /// The training steps of every run.
    public let configuration: TrainingConfiguration
    /// One run per variant, in order.
    public let runs: [Run]

    /// The first norm over the last but one: ‖∂L/∂W₁‖ / ‖∂L/∂W_L‖ when `norms` runs from the
    /// first hidden layer to the output layer (1 for a single hidden layer; NaN for no norms).
    public static func ratio(_ norms: [Double]) -> Double {
        guard let first = norms.first else { return .nan }
        return first / norms[Swift.max(norms.count - 2, 0)]
    }

    /// Runs the study.
    ///
    /// - Parameters:
    ///   - trainingSet: the images to learn from (MNIST's 60,000).
    ///   - testSet: the images only measured.
    ///   - variants: the networks (default: `standardVariants`).
    ///   - hiddenLayers: hidden layers of each network (default 10).
    ///   - width: units per hidden layer (default 100).
    ///   - iterations: SGD steps of each run (default 300).
    ///   - batchSize: samples per step (default 100).
    ///   - learningRate: SGD's η (default 0.01, the book's chapter 6).
    ///   - probeSize: images of the fixed batch the norms are measured on (default 1000).
    ///   - seed: seeds every network's weights and the batches (the same for every variant).
    ///   - onEvent: called with each variant's index and the trainer's events, for progress.
    /// - Precondition: sizes ≥ 1; `probeSize` at most the training set's size.
    public init(trainingSet: LabeledImages, testSet: LabeledImages, variants: [Variant] = DepthStudy.standardVariants,
                hiddenLayers: Int = 10, width: Int = 100, iterations: Int = 300, batchSize: Int = 100,
                learningRate: Double = 0.01, probeSize: Int = 1000, seed: UInt64 = 42,
                onEvent: (Int, TrainingEvent) -> Void = { _, _ in }) {
        precondition(hiddenLayers >= 1 && width >= 1 && iterations >= 1 && batchSize >= 1 && learningRate > 0,
                     "DepthStudy: sizes must be ≥ 1 and η > 0")
        precondition((1...trainingSet.count).contains(probeSize),
                     "DepthStudy: the probe batch of \(probeSize) images must fit in the \(trainingSet.count) training images")
        self.hiddenLayers = hiddenLayers
        self.width = width
        self.probeSize = probeSize
        configuration = TrainingConfiguration(iterations: iterations, batchSize: batchSize, optimizer: .sgd,
                                              learningRate: learningRate, sampling: .replacement, seed: seed)
        let probe = Batch(trainingSet, indices: Array(0..<probeSize))
        let (x, t) = (probe.x, probe.t)
        runs = variants.enumerated().map { [configuration] index, variant in
            let specification = variant.specification(hiddenLayers: hiddenLayers, width: width)
            let network = studyNetwork(specification, inputSize: trainingSet.pixelsPerImage,
                                       initialization: variant.initialization, seed: seed)
            let run = studyRun(variant.name, specification, network, on: trainingSet, testSet: testSet,
                               configuration: configuration) { onEvent(index, $0) }
            let (names, initial) = Self.weightGradientNorms(network, x, t)
            let (_, trained) = Self.weightGradientNorms(run.history.network, x, t)
            return Run(variant: variant, run: run, weightNames: names, initialNorms: initial, trainedNorms: trained)
        }
    }

    /// The names of the weights (rank-2 parameters: W1, W2, …) and ‖∂L/∂W‖ of each, by backprop
    /// on the batch (x, t).
    public static func weightGradientNorms(_ network: Sequential, _ x: Tensor, _ t: Tensor) -> (names: [String], norms: [Double]) {
        let gradient = network.gradient(x, t).gradient
        let weights = zip(gradient.names, gradient.tensors).filter { $0.1.rank == 2 }
        return (weights.map(\.0), weights.map { $0.1.squaredNorm.squareRoot() })
    }
}

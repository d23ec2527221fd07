/// What the activations of a deep stack look like at initialization: the book's section 6.2.2
/// experiment (`weight_init_activation_histogram.py`).
///
/// ```
/// x  = 1000 × 100 samples of N(0, 1)
/// for ℓ = 1 … 5:   z_ℓ = activation(z_{ℓ−1} · W_ℓ),   W_ℓ: 100 × 100 of N(0, σ²),  z₀ = x
/// record the histogram of every z_ℓ
/// ```
///
/// With σ = 1 the sigmoid's outputs pile up at 0 and 1, where its slope is almost 0 (the
/// gradient vanishes); with σ = 0.01 they all sit near 0.5 (every unit says the same thing);
/// Xavier's σ = 1/√n keeps them spread over every layer. For ReLU, He's σ = √(2/n) does the same.
///
/// **Saturated** (sigmoid and tanh): an output within 0.01 of the activation's bounds, so that its
/// slope is below about 0.01 (σ′ = y(1 − y) < 0.0099, tanh′ = 1 − y² < 0.02). **Dead** (ReLU): an
/// output of exactly 0, whose slope is 0. The share is over all samples × units of a layer.
///
/// Every case draws its weights from the same seed, so the cases share the same standard-normal
/// draws, scaled by their σ: they differ only in σ and in the activation.
public struct ActivationStudy: Sendable {
    /// One layer's activations, summarised.
    public struct LayerActivations: Sendable, Equatable {
        /// Counts of the outputs in `bins` equal bins over `range` (the book: 30 bins). For ReLU,
        /// only the outputs above 0: the zeros are `saturatedShare`, and would dwarf the rest.
        public var histogram: [Int]
        /// The histogram's range: [0, 1] for the sigmoid, [−1, 1] for tanh, [0, largest output]
        /// for ReLU.
        public var range: ClosedRange<Double>
        /// The mean of the outputs.
        public var mean: Double
        /// The standard deviation of the outputs (population: divided by their count).
        public var standardDeviation: Double
        /// The share of saturated (sigmoid, tanh) or dead (ReLU) outputs, in [0, 1].
        public var saturatedShare: Double
    }

    /// One activation with one weight scale, through every layer.
    public struct Case: Sendable, Equatable {
        /// The activation of every layer.
        public var activation: HiddenActivation
        /// How the weights were drawn.
        public var initialization: WeightInitialization
        /// The layers' activations, first layer first.
        public var layers: [LayerActivations]
    }

    /// Samples in the input (the book: 1000).
    public let samples: Int
    /// Units per layer, and features per sample (the book: 100).
    public let width: Int
    /// Layers (the book: 5).
    public let depth: Int
    /// Bins per histogram (the book: 30).
    public let bins: Int
    /// Every activation × weight scale, activations in the order given, scales within each.
    public let cases: [Case]

    /// The threshold of saturation: an output within this distance of a bound (0.01).
    public static let saturationMargin = 0.01

    /// The weight scales of the book's figures: σ = 1, σ = 0.01, Xavier, He.
    public static let bookInitializations: [WeightInitialization] = [.standardDeviation(1), .book, .xavier, .he]

    /// Whether the output `y` of `activation` counts as saturated (sigmoid: y < 0.01 or
    /// y > 0.99; tanh: |y| > 0.99) or dead (ReLU: y = 0).
    public static func isSaturated(_ y: Double, for activation: HiddenActivation) -> Bool {
        switch activation {
        case .sigmoid: y < saturationMargin || y > 1 - saturationMargin
        case .tanh: Swift.abs(y) > 1 - saturationMargin
        case .relu: y == 0
        }
    }

    /// Runs the experiment.
    ///
    /// - Parameters:
    ///   - samples: rows of the Gaussian input (the book: 1000).
    ///   - width: units per layer (the book: 100).
    ///   - depth: layers (the book: 5).
    ///   - activations: the activations to try.
    ///   - initializations: the weight scales to try.
    ///   - bins: bins per histogram (the book: 30).
    ///   - seed: seeds the input (with `seed`) and the weights (with `seed + 1`, the same for
    ///     every case).
    /// - Precondition: every size ≥ 1.
    /// - Complexity: cases × depth products of samples × width × width.
    public init(samples: Int = 1000, width: Int = 100, depth: Int = 5,
                activations: [HiddenActivation] = [.sigmoid, .tanh, .relu],
                initializations: [WeightInitialization] = ActivationStudy.bookInitializations,
                bins: Int = 30, seed: UInt64 = 42) {
        precondition(samples >= 1 && width >= 1 && depth >= 1 && bins >= 1,
                     "ActivationStudy: sizes must be ≥ 1, got \(samples) samples, width \(width), depth \(depth), \(bins) bins")
        self.samples = samples
        self.width = width
        self.depth = depth
        self.bins = bins
        var inputGenerator = SplitMix64(seed: seed)
        let x = Tensor.randomNormal(shape: [samples, width], using: &inputGenerator)
        var cases: [Case] = []
        for activation in activations {
            for initialization in initializations {
                var generator = SplitMix64(seed: seed &+ 1)
                var z = x
                var layers: [LayerActivations] = []
                for _ in 0..<depth {
                    // The book's layers have no bias; Affine's starts at 0, which is the same.
                    var affine = Affine(inputs: width, outputs: width, initialization: initialization, using: &generator)
                    var nonlinearity = activation.makeLayer()
                    z = nonlinearity.forward(affine.forward(z))
                    layers.append(Self.summary(of: z.scalars, activation: activation, bins: bins))
                }
                cases.append(Case(activation: activation, initialization: initialization, layers: layers))
            }
        }
        self.cases = cases
    }

    /// The histogram, mean, standard deviation and saturated share of one layer's outputs.
    static func summary(of values: [Double], activation: HiddenActivation, bins: Int) -> LayerActivations {
        let range: ClosedRange<Double> = switch activation {
        case .sigmoid: 0...1
        case .tanh: -1...1
        case .relu: 0...Swift.max(values.max() ?? 1, Double.leastNormalMagnitude)
        }
        let counted = activation == .relu ? values.filter { $0 > 0 } : values
        return LayerActivations(histogram: histogram(counted, bins: bins, range: range), range: range,
                                mean: values.mean, standardDeviation: values.standardDeviation,
                                saturatedShare: Double(values.filter { isSaturated($0, for: activation) }.count) / Double(values.count))
    }

    /// Counts of `values` in `bins` equal bins over `range`, numpy's `histogram`: each bin holds
    /// [left, right), the last also its right edge; values outside the range are not counted.
    public static func histogram(_ values: [Double], bins: Int, range: ClosedRange<Double>) -> [Int] {
        precondition(bins >= 1 && range.upperBound > range.lowerBound,
                     "histogram: needs bins ≥ 1 and a range of positive width, got \(bins) and \(range)")
        var counts = [Int](repeating: 0, count: bins)
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        for value in values where range.contains(value) {
            counts[Swift.min(Int((value - range.lowerBound) / width), bins - 1)] += 1
        }
        return counts
    }
}

extension Array where Element == Double {
    /// The arithmetic mean (0 for no values).
    var mean: Double { isEmpty ? 0 : reduce(0, +) / Double(count) }

    /// The population standard deviation √(mean of (v − mean)²) (0 for no values).
    var standardDeviation: Double {
        let m = mean
        return isEmpty ? 0 : (reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count)).squareRoot()
    }
}

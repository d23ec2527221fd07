import Foundation

/// Batch normalization (Ioffe and Szegedy, 2015): each feature normalized to mean 0 and variance
/// 1 over the batch, then scaled and shifted by learned γ and β. The book's
/// `BatchNormalization`, Keras's `BatchNormalization()`.
///
/// ```
/// training:   μ = mean of x over the batch          σ² = mean of (x − μ)² over the batch
///             x̂ = (x − μ) / √(σ² + ε)               y = γ · x̂ + β
///             running_mean ← 0.9 · running_mean + 0.1 · μ      (and running_var likewise with σ²)
/// inference:  x̂ = (x − running_mean) / √(running_var + ε),   y = γ · x̂ + β
/// ```
///
/// Features are the last axis: x of shape [N, D] has D features, each normalized over its N
/// samples; an image batch [N, H, W, C] (channels last) has C, each over N·H·W values. ε is
/// 10⁻⁶ (the book's `10e-7`), there only to keep √ away from 0. The momentum 0.9 is the book's;
/// Keras uses 0.99. Running averages start at mean 0 and variance 1.
///
/// Backward is written twice (`BackwardMethod`): step by step through the computational graph of
/// the forward pass, nine small nodes, the way the book derives it; and the simplified closed
/// form, three reductions. They agree to rounding (tested to 10⁻¹²); `gradlab speed` times them.
public struct BatchNorm: Layer {
    /// How `backward` computes dx.
    public enum BackwardMethod: Sendable {
        /// Node by node through the forward pass's computational graph.
        case stepByStep
        /// dx = (γ / (N √(σ² + ε))) · (N · dout − Σ dout − x̂ · Σ(dout · x̂)).
        case simplified
    }

    /// γ, one scale per feature (starts at 1).
    public var gamma: Tensor
    /// β, one shift per feature (starts at 0).
    public var beta: Tensor
    /// The running mean of each feature, used in inference.
    public var runningMean: Tensor
    /// The running (biased) variance of each feature, used in inference.
    public var runningVariance: Tensor
    /// How much of the old running average each training batch keeps (0.9).
    public let momentum: Double
    /// ε under the square root (10⁻⁶).
    public let epsilon: Double
    /// Which backward pass `backward` runs (the simplified one by default).
    public var backwardMethod: BackwardMethod = .simplified
    /// dL/dγ from the last `backward`.
    public private(set) var gammaGradient: Tensor?
    /// dL/dβ from the last `backward`.
    public private(set) var betaGradient: Tensor?
    private var cache: Cache?

    /// What the forward pass leaves for backward: the input as rows of features, x − μ, x̂ and
    /// 1/√(σ² + ε); `batchStatistics` is false after an inference pass (μ and σ² were constants).
    private struct Cache {
        var inputShape: [Int]
        var centered: Tensor
        var normalized: Tensor
        var inverseDeviation: Tensor
        var batchStatistics: Bool
    }

    /// Creates the layer for `features` features, with γ = 1, β = 0.
    public init(features: Int, momentum: Double = 0.9, epsilon: Double = 1e-6) {
        precondition(features > 0, "BatchNorm: features must be positive, got \(features)")
        precondition(momentum >= 0 && momentum < 1 && epsilon > 0,
                     "BatchNorm: momentum must be in [0, 1) and ε positive, got \(momentum) and \(epsilon)")
        gamma = Tensor(shape: [features], repeating: 1)
        beta = .zeros([features])
        runningMean = .zeros([features])
        runningVariance = Tensor(shape: [features], repeating: 1)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// Features per sample.
    public var features: Int { gamma.count }

    /// The training forward pass: normalize by the batch's own statistics.
    public mutating func forward(_ x: Tensor) -> Tensor {
        forward(x, mode: .training)
    }

    /// γ · x̂ + β, with x̂ from the batch's statistics (training, which also updates the running
    /// averages) or from the running averages (inference).
    public mutating func forward(_ x: Tensor, mode: LayerMode) -> Tensor {
        precondition(x.rank >= 1 && x.shape.last == features,
                     "BatchNorm.forward: input \(x.shape) does not end in \(features) features")
        let rows = x.reshaped([-1, features])
        precondition(rows.shape[0] > 0, "BatchNorm.forward: empty batch \(x.shape)")
        let mean: Tensor, variance: Tensor
        if mode == .training {
            mean = rows.mean(alongAxis: 0)
            variance = ((rows - mean) * (rows - mean)).mean(alongAxis: 0)
            runningMean = momentum * runningMean + (1 - momentum) * mean
            runningVariance = momentum * runningVariance + (1 - momentum) * variance
        } else {
            (mean, variance) = (runningMean, runningVariance)
        }
        let centered = rows - mean
        let inverseDeviation = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let normalized = centered * inverseDeviation
        cache = Cache(inputShape: x.shape, centered: centered, normalized: normalized,
                      inverseDeviation: inverseDeviation, batchStatistics: mode == .training)
        return (gamma * normalized + beta).reshaped(x.shape)
    }

    /// Stores dγ and dβ and returns dx, by `backwardMethod`.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        switch backwardMethod {
        case .stepByStep: backwardStepByStep(dout)
        case .simplified: backwardSimplified(dout)
        }
    }

    /// dx node by node, reversing the forward pass's graph
    /// x → (x − μ) → (·)² → mean → +ε, √ → 1/· → x̂ = (x − μ) · (1/√) → γx̂ + β.
    public mutating func backwardStepByStep(_ dout: Tensor) -> Tensor {
        let (c, upstream) = storeParameterGradients(dout)
        let n = Double(upstream.shape[0])
        let dNormalized = upstream * gamma                                      // y = γ x̂ + β
        guard c.batchStatistics else { return (dNormalized * c.inverseDeviation).reshaped(c.inputShape) }
        let dInverse = (dNormalized * c.centered).sum(alongAxis: 0)            // x̂ = xμ · ivar
        let dCenteredDirect = dNormalized * c.inverseDeviation
        let deviation = c.inverseDeviation.map { 1 / $0 }                      // √(σ² + ε)
        let dDeviation = -dInverse / (deviation * deviation)                    // ivar = 1/√
        let dVariance = 0.5 * dDeviation / deviation                            // √ = (σ² + ε)^½
        let dSquares = Tensor(shape: upstream.shape, repeating: 1) * dVariance / n   // σ² = mean of squares
        let dCenteredSquare = 2 * c.centered * dSquares                         // square = xμ²
        let dCentered = dCenteredDirect + dCenteredSquare                       // xμ is used twice: add
        let dMean = -dCentered.sum(alongAxis: 0)                                // xμ = x − μ
        let dx = dCentered + Tensor(shape: upstream.shape, repeating: 1) * dMean / n  // μ = mean of x
        return dx.reshaped(c.inputShape)
    }

    /// dx = (γ / (N √(σ² + ε))) · (N · dout − Σ dout − x̂ · Σ(dout · x̂)), sums over the batch:
    /// the step-by-step result with its terms collected.
    public mutating func backwardSimplified(_ dout: Tensor) -> Tensor {
        let (c, upstream) = storeParameterGradients(dout)
        let n = Double(upstream.shape[0])
        guard c.batchStatistics else { return (upstream * gamma * c.inverseDeviation).reshaped(c.inputShape) }
        // Σ dout and Σ dout · x̂ are dβ and dγ, just stored.
        let (sumDout, sumDoutNormalized) = (betaGradient!, gammaGradient!)
        let dx = (gamma * c.inverseDeviation / n) * (n * upstream - sumDout - c.normalized * sumDoutNormalized)
        return dx.reshaped(c.inputShape)
    }

    /// dγ = Σ dout · x̂ and dβ = Σ dout over the batch; returns the cache and dout as rows.
    private mutating func storeParameterGradients(_ dout: Tensor) -> (Cache, Tensor) {
        guard let c = cache else { preconditionFailure("BatchNorm.backward called before forward") }
        precondition(dout.shape == c.inputShape, "BatchNorm.backward: dout \(dout.shape) does not match the output \(c.inputShape)")
        let upstream = dout.reshaped([-1, features])
        gammaGradient = (upstream * c.normalized).sum(alongAxis: 0)
        betaGradient = upstream.sum(alongAxis: 0)
        return (c, upstream)
    }

    /// "gamma" and "beta" (the book's names).
    public var parameters: [NamedTensor] {
        get { [NamedTensor("gamma", gamma), NamedTensor("beta", beta)] }
        set {
            let values = NamedParameters.values(newValue, expecting: ["gamma", "beta"], layer: "BatchNorm")
            (gamma, beta) = (values[0], values[1])
        }
    }

    /// The gradients of "gamma" and "beta" from the last `backward`.
    public var gradients: [NamedTensor] {
        NamedParameters.gradients([("gamma", gammaGradient), ("beta", betaGradient)], layer: "BatchNorm")
    }

    /// "running_mean" and "running_var" (the book's names).
    public var state: [NamedTensor] {
        get { [NamedTensor("running_mean", runningMean), NamedTensor("running_var", runningVariance)] }
        set {
            precondition(newValue.count == 2 && newValue.allSatisfy({ $0.value.shape == [features] }),
                         "BatchNorm.state: expected running_mean and running_var of [\(features)], got \(newValue.map { "\($0.name) \($0.value.shape)" })")
            runningMean = newValue[0].value
            runningVariance = newValue[1].value
        }
    }
}

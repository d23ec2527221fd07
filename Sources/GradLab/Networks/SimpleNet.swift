/// The book's first network with a gradient (its `simpleNet`, chapter 4): one 2×3 weight, no
/// bias, softmax, and the cross-entropy error.
///
/// ```
/// scores = x · W          x: 2 inputs (or N×2), W: 2×3
/// L      = cross-entropy(softmax(scores), t)
/// ```
///
/// The book prints its loss (0.92806853663411326) and gradient for W = [[0.47355232, 0.9977393,
/// 0.84668094], [0.85557411, 0.03563661, 0.69422093]], x = [0.6, 0.9], t = [0, 0, 1]. Those
/// printed figures come out with δ = 0; the book's code today has δ = 10⁻⁷ inside the log, which
/// lowers the loss by about δ/y₂ ≈ 2.5·10⁻⁷. The tests reproduce both.
public struct SimpleNet: Sendable {
    /// The weight matrix, 2×3.
    public var W: Tensor
    /// δ inside the cross-entropy's log (default 10⁻⁷, the book's code).
    public var delta: Double

    /// Creates the network with a given weight.
    public init(W: Tensor, delta: Double = 1e-7) {
        precondition(W.rank == 2, "SimpleNet: W must be a matrix, got shape \(W.shape)")
        self.W = W
        self.delta = delta
    }

    /// Creates the network with N(0, 1) weights drawn from `seed`, like the book's `np.random.randn(2, 3)`.
    public init(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        W = Tensor.randomNormal(shape: [2, 3], using: &generator)
        delta = 1e-7
    }

    /// The scores x · W.
    public func predict(_ x: Tensor) -> Tensor {
        x.matmul(W)
    }

    /// The cross-entropy of softmax(x · W) against `t`, with `delta` inside the log.
    public func loss(_ x: Tensor, _ t: Tensor) -> Double {
        crossEntropyError(softmax(predict(x)), t, delta: delta)
    }

    /// ∂L/∂W by central differences, as the book computes it.
    public func numericalGradient(_ x: Tensor, _ t: Tensor, h: Double = 1e-4) -> Tensor {
        GradLab.numericalGradient(of: { SimpleNet(W: $0, delta: delta).loss(x, t) }, at: W, h: h)
    }
}

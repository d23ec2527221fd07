/// Inverted dropout: in training, each unit is dropped (set to 0) with probability p and the
/// kept ones are scaled by 1/(1 − p); in inference, everything passes unchanged. Keras's
/// `Dropout(rate)`.
///
/// ```
/// training:   mask = 1/(1 − p) with probability 1 − p, else 0      (drawn afresh every forward)
///             y  = x ⊙ mask
///             dx = dout ⊙ mask                                      (the same mask)
/// inference:  y  = x,  dx = dout
/// ```
///
/// Dropping units at random keeps the network from relying on any one of them, which fights
/// overfitting (Srivastava et al., 2014). The scaling keeps each unit's expected output equal to
/// x in both modes: E[mask] = (1 − p) · 1/(1 − p) = 1. The book's `Dropout` does not scale in
/// training and multiplies by (1 − p) in inference instead; the two agree in expectation and
/// differ only by the constant factor 1/(1 − p) on the layers that follow (docs/13-deep-networks.md).
///
/// The masks come from the layer's own seeded generator, so a run is reproducible to the bit,
/// and a copy of the layer draws the same next mask as the original: a numerical gradient,
/// which evaluates copies, sees the mask that backprop used. It is a ``StochasticLayer``: a
/// checkpoint keeps the generator, so a resumed run draws the masks the uninterrupted one would.
public struct Dropout: StochasticLayer {
    /// p, the probability of dropping a unit, in [0, 1).
    public let rate: Double
    /// Draws the masks; moves on with every training forward pass.
    public var generator: SplitMix64
    private var mask: [Double]?
    private var shape: [Int]?

    /// Creates the layer with drop probability `rate` and its generator seeded with `seed`.
    ///
    /// - Precondition: 0 ≤ rate < 1 (a rate of 1 would drop everything and scale by 1/0).
    public init(rate: Double, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "Dropout: the rate must be in [0, 1), got \(rate)")
        self.rate = rate
        generator = SplitMix64(seed: seed)
    }

    /// Creates the layer with its generator seeded from `generator` (a network's, so that one
    /// seed fixes every weight and every mask).
    public init(rate: Double, using generator: inout SplitMix64) {
        self.init(rate: rate, seed: generator.next())
    }

    /// The training forward pass: a fresh mask.
    public mutating func forward(_ x: Tensor) -> Tensor {
        forward(x, mode: .training)
    }

    /// x ⊙ mask in training (a fresh mask); x itself in inference.
    public mutating func forward(_ x: Tensor, mode: LayerMode) -> Tensor {
        shape = x.shape
        guard mode == .training else {
            mask = nil
            return x
        }
        let newMask = nextMask(count: x.count)
        mask = newMask
        return Tensor(shape: x.shape, scalars: zip(x.scalars, newMask).map { $0 * $1 })
    }

    /// dout ⊙ mask (dout itself after an inference forward pass).
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let shape else { preconditionFailure("Dropout.backward called before forward") }
        precondition(dout.shape == shape, "Dropout.backward: dout \(dout.shape) does not match the output \(shape)")
        guard let mask else { return dout }
        return Tensor(shape: dout.shape, scalars: zip(dout.scalars, mask).map { $0 * $1 })
    }

    /// The next mask: 1/(1 − p) where a uniform draw is at least p, else 0.
    mutating func nextMask(count: Int) -> [Double] {
        let keep = 1 / (1 - rate)
        return (0..<count).map { _ in generator.nextUniform() >= rate ? keep : 0 }
    }
}

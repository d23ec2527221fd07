/// Leaky ReLU as a layer: like ReLU, but negative inputs keep a small slope.
///
/// ```
/// forward:   y  = x for x > 0, slope · x otherwise
/// backward:  dx = dout for x > 0, slope · dout otherwise
/// ```
public struct LeakyReLU: Layer {
    /// The slope for negative inputs (default 0.01).
    public var slope: Double
    private var mask: [Bool]?

    /// Creates the layer with the given negative slope.
    public init(slope: Double = 0.01) {
        self.slope = slope
    }

    /// Leaky ReLU of every element; remembers which elements were positive.
    public mutating func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 > 0 }
        return leakyReLU(x, slope: slope)
    }

    /// dout where the input was positive, slope · dout elsewhere.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let mask else { preconditionFailure("LeakyReLU.backward called before forward") }
        precondition(dout.count == mask.count, "LeakyReLU.backward: dout \(dout.shape) does not match the forward input")
        return Tensor(shape: dout.shape, scalars: zip(dout.scalars, mask).map { $1 ? $0 : slope * $0 })
    }
}

extension LeakyReLU: PiecewiseLayer {
    /// 1 where the last input was positive (the piece y = x), 0 where not (y = slope · x).
    public var pieces: [Int] { (mask ?? []).map { $0 ? 1 : 0 } }
}

/// The rectified linear unit as a layer: the book's `Relu`.
///
/// ```
/// forward:   y  = max(0, x)                  remembers the mask x > 0
/// backward:  dx = dout where x > 0, else 0
/// ```
public struct ReLU: Layer {
    private var mask: [Bool]?

    /// Creates the layer.
    public init() {}

    /// max(0, x) of every element; remembers which elements were positive.
    public mutating func forward(_ x: Tensor) -> Tensor {
        mask = x.scalars.map { $0 > 0 }
        return relu(x)
    }

    /// Passes dout where the input was positive, 0 elsewhere.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let mask else { preconditionFailure("ReLU.backward called before forward") }
        precondition(dout.count == mask.count, "ReLU.backward: dout \(dout.shape) does not match the forward input")
        return Tensor(shape: dout.shape, scalars: zip(dout.scalars, mask).map { $1 ? $0 : 0 })
    }
}

extension ReLU: PiecewiseLayer {
    /// 1 where the last input was positive (the piece y = x), 0 where not (y = 0).
    public var pieces: [Int] { (mask ?? []).map { $0 ? 1 : 0 } }
}

/// The sigmoid activation as a layer: the book's `Sigmoid`.
///
/// ```
/// forward:   y  = 1 / (1 + e⁻ˣ)
/// backward:  dx = dout · y · (1 − y)        (σ′ written with the output it remembered)
/// ```
public struct Sigmoid: Layer {
    private var output: Tensor?

    /// Creates the layer.
    public init() {}

    /// σ of every element; remembers the output.
    public mutating func forward(_ x: Tensor) -> Tensor {
        let y = sigmoid(x)
        output = y
        return y
    }

    /// dout · y · (1 − y).
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let y = output else { preconditionFailure("Sigmoid.backward called before forward") }
        precondition(dout.shape == y.shape, "Sigmoid.backward: dout \(dout.shape) does not match output \(y.shape)")
        return Tensor(shape: y.shape, scalars: zip(dout.scalars, y.scalars).map { $0 * sigmoidDerivative(output: $1) })
    }
}

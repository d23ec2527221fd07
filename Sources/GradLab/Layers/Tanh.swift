/// The hyperbolic tangent as a layer.
///
/// ```
/// forward:   y  = tanh(x)
/// backward:  dx = dout · (1 − y²)
/// ```
public struct Tanh: Layer {
    private var output: Tensor?

    /// Creates the layer.
    public init() {}

    /// tanh of every element; remembers the output.
    public mutating func forward(_ x: Tensor) -> Tensor {
        let y = tanh(x)
        output = y
        return y
    }

    /// dout · (1 − y²).
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let y = output else { preconditionFailure("Tanh.backward called before forward") }
        precondition(dout.shape == y.shape, "Tanh.backward: dout \(dout.shape) does not match output \(y.shape)")
        return Tensor(shape: y.shape, scalars: zip(dout.scalars, y.scalars).map { $0 * tanhDerivative(output: $1) })
    }
}

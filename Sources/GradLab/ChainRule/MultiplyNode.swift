/// A multiply node of a computational graph: z = x · y, the book's `MulLayer`.
///
/// Backward, by the chain rule, each input's gradient is the upstream gradient times the
/// *other* input (∂z/∂x = y, ∂z/∂y = x), so the node remembers its inputs on the way forward:
///
/// ```
/// forward:   z = x · y
/// backward:  dx = dout · y,   dy = dout · x
/// ```
///
/// The book's "buy apples" graph: 2 apples at 100 each, with 10 % tax, cost 220; backward with
/// dprice = 1 gives dapple = 2.2, dappleCount = 110 and dtax = 200.
public struct MultiplyNode: Sendable {
    private var inputs: (x: Double, y: Double)?

    /// Creates a node that has not yet seen an input.
    public init() {}

    /// Multiplies the inputs and remembers them for `backward`.
    public mutating func forward(_ x: Double, _ y: Double) -> Double {
        inputs = (x, y)
        return x * y
    }

    /// The gradients with respect to x and y, given the gradient `dout` of the output.
    ///
    /// - Precondition: `forward` was called first.
    public func backward(_ dout: Double) -> (dx: Double, dy: Double) {
        guard let (x, y) = inputs else {
            preconditionFailure("MultiplyNode.backward called before forward: the node needs its inputs")
        }
        return (dout * y, dout * x)
    }
}

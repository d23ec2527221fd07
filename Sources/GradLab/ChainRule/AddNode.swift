/// An add node of a computational graph: z = x + y, the book's `AddLayer`.
///
/// Both partial derivatives are 1, so backward passes the upstream gradient through unchanged
/// to both inputs; the node need not remember anything:
///
/// ```
/// forward:   z = x + y
/// backward:  dx = dout,   dy = dout
/// ```
public struct AddNode: Sendable {
    /// Creates an add node.
    public init() {}

    /// Adds the inputs.
    public func forward(_ x: Double, _ y: Double) -> Double { x + y }

    /// The gradients with respect to x and y: both equal `dout`.
    public func backward(_ dout: Double) -> (dx: Double, dy: Double) { (dout, dout) }
}

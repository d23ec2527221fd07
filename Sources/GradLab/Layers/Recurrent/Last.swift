/// The last time step of a batch of sequences, for a classifier after a recurrent layer:
/// Keras's `return_sequences=False`, written as a layer of its own.
///
/// ```
/// forward:   y  = x[:, T − 1, :]                 x: N×T×H  →  y: N×H
/// backward:  dx = 0 at every step but the last, where it is dout
/// ```
///
/// The earlier states still get gradient, through the recurrent layer before: its backward
/// carries dout from the last step back through time.
public struct Last: Layer {
    private var inputShape: [Int]?

    /// Creates the layer.
    public init() {}

    /// The last step of each sequence.
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 3 && x.shape[1] > 0, "Last.forward: input \(x.shape) is not a batch of sequences [N, T, H]")
        inputShape = x.shape
        return x.timeStep(x.shape[1] - 1)
    }

    /// dout at the last step, zeros at the others.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("Last.backward called before forward") }
        precondition(dout.shape == [shape[0], shape[2]], "Last.backward: dout \(dout.shape) does not match the output \([shape[0], shape[2]])")
        // dout as a sequence of one step, with T − 1 steps of zeros in front of it.
        return dout.expandingDimensions(at: 1).padded([(0, 0), (shape[1] - 1, 0), (0, 0)])
    }
}

/// Each sample's two axes swapped, [N, A, B] → [N, B, A]: an image of rows × columns read as
/// columns × rows, so that a recurrent layer after it walks through the image column by column
/// (`--sequence columns`) instead of row by row.
///
/// ```
/// forward:   y[n, j, i] = x[n, i, j]
/// backward:  dx[n, i, j] = dout[n, j, i]       (the same swap: a permutation's inverse is its transpose)
/// ```
public struct SwapAxes: Layer {
    private var inputShape: [Int]?

    /// Creates the layer.
    public init() {}

    /// x with each sample transposed.
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 3, "SwapAxes.forward: input \(x.shape) is not a batch of samples [N, A, B]")
        inputShape = x.shape
        return x.permuted([0, 2, 1])
    }

    /// dout with each sample transposed back.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("SwapAxes.backward called before forward") }
        precondition(dout.shape == [shape[0], shape[2], shape[1]],
                     "SwapAxes.backward: dout \(dout.shape) does not match the output \([shape[0], shape[2], shape[1]])")
        return dout.permuted([0, 2, 1])
    }
}

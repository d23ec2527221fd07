/// Each sample's numbers in one row: [N, H, W, C] → [N, H·W·C], in the order they are stored
/// (channels fastest); Keras's `Flatten`. Between convolutions, which want images, and affine
/// layers, which want rows. Backward reshapes the gradient back: nothing is computed.
public struct Flatten: Layer {
    private var inputShape: [Int]?

    /// Creates the layer.
    public init() {}

    /// [N, …] → [N, product of the rest].
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1, "Flatten: a scalar has no samples to flatten")
        inputShape = x.shape
        return x.reshaped([x.shape[0], x.count / Swift.max(x.shape[0], 1)])
    }

    /// dout in the input's shape.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let inputShape else { preconditionFailure("Flatten.backward called before forward") }
        precondition(dout.count == inputShape.reduce(1, *), "Flatten.backward: dout \(dout.shape) does not fit the input \(inputShape)")
        return dout.reshaped(inputShape)
    }
}

/// The mean of each channel over the whole image: [N, H, W, C] → [N, C]; Keras's
/// `GlobalAveragePooling2D`. Modern convolutional networks end with it instead of Flatten:
/// it has no parameters and does not care about the image's size.
///
/// ```
/// forward:   y[n, c] = (1 / HW) Σ_{i, j} x[n, i, j, c]
/// backward:  dx[n, i, j, c] = dout[n, c] / HW
/// ```
public struct GlobalAveragePooling2D: Layer {
    private var inputShape: [Int]?

    /// Creates the layer.
    public init() {}

    /// Each channel's mean over height and width.
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4, "GlobalAveragePooling2D: input \(x.shape) is not images [N, H, W, C]")
        inputShape = x.shape
        let (batch, pixels, channels) = (x.shape[0], x.shape[1] * x.shape[2], x.shape[3])
        return x.reshaped([batch, pixels, channels]).mean(alongAxis: 1)
    }

    /// dout[n, c] / HW at every pixel of channel c.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("GlobalAveragePooling2D.backward called before forward") }
        let (batch, pixels, channels) = (shape[0], shape[1] * shape[2], shape[3])
        precondition(dout.shape == [batch, channels], "GlobalAveragePooling2D.backward: dout \(dout.shape) is not [\(batch), \(channels)]")
        let share = dout / Double(pixels)
        return share.reshaped([batch, 1, channels]).broadcast(to: [batch, pixels, channels]).reshaped(shape)
    }
}

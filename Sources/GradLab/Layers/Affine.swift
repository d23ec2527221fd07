/// A fully connected layer, y = x · W + b: the book's `Affine`.
///
/// ```
/// forward:   y  = x · W + b          x: N×I, W: I×O, b: O (added to every row), y: N×O
/// backward:  dx = dout · Wᵀ          N×O · O×I
///            dW = xᵀ · dout          I×N · N×O
///            db = Σₙ doutₙ           sum over the batch (b was added to every row)
/// ```
public struct Affine: Layer {
    /// The weight matrix, input size × output size.
    public var weight: Tensor
    /// The bias vector, one per output.
    public var bias: Tensor
    /// dL/dW from the last `backward` (the book's `dW`).
    public private(set) var weightGradient: Tensor?
    /// dL/db from the last `backward` (the book's `db`).
    public private(set) var biasGradient: Tensor?
    private var input: Tensor?

    /// Creates the layer from a weight `I×O` and a bias of `O` elements.
    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape.last ?? 0],
                     "Affine: weight \(weight.shape) and bias \(bias.shape) do not fit (want I×O and O)")
        self.weight = weight
        self.bias = bias
    }

    /// Creates the layer with weights drawn from `generator` by `initialization` (the book's
    /// N(0, 0.01²) by default) and zero biases: `Affine(inputs: 784, outputs: 50, using: &g)`.
    public init(inputs: Int, outputs: Int, initialization: WeightInitialization = .book,
                using generator: inout SplitMix64) {
        precondition(inputs > 0 && outputs > 0, "Affine: sizes must be positive, got \(inputs)×\(outputs)")
        self.init(weight: initialization.weights(inputs: inputs, outputs: outputs, using: &generator), bias: .zeros([outputs]))
    }

    /// y = x · W + b for a batch of rows x (N×I), or a single vector x (I).
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.shape.last == weight.shape[0],
                     "Affine.forward: input \(x.shape) does not fit weight \(weight.shape)")
        input = x
        return x.matmul(weight) + bias
    }

    /// Stores dW and db; returns dx = dout · Wᵀ.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        let upstream = storeParameterGradients(dout)
        let dx = Tensor.matmul(upstream, weight, transposeB: true)
        return dx.reshaped(input!.shape)
    }

    /// Stores dW and db only: the first layer's dx (a batch × inputs product) is never needed.
    public mutating func backwardParameters(_ dout: Tensor) {
        _ = storeParameterGradients(dout)
    }

    /// dW = xᵀ · dout and db = Σₙ doutₙ; returns dout as a matrix.
    private mutating func storeParameterGradients(_ dout: Tensor) -> Tensor {
        guard let x = input else { preconditionFailure("Affine.backward called before forward") }
        let batch = x.rank == 1 ? x.reshaped([1, -1]) : x
        let upstream = dout.rank == 1 ? dout.reshaped([1, -1]) : dout
        precondition(upstream.shape == [batch.shape[0], weight.shape[1]],
                     "Affine.backward: dout \(dout.shape) does not match output shape \([batch.shape[0], weight.shape[1]])")
        weightGradient = Tensor.matmul(batch, transposeA: true, upstream)
        biasGradient = upstream.sum(alongAxis: 0)
        return upstream
    }

    /// "W" and "b".
    public var parameters: [NamedTensor] {
        get { [NamedTensor("W", weight), NamedTensor("b", bias)] }
        set {
            let values = NamedParameters.values(newValue, expecting: ["W", "b"], layer: "Affine")
            (weight, bias) = (values[0], values[1])
        }
    }

    /// "W" and "b" gradients from the last `backward`.
    public var gradients: [NamedTensor] {
        NamedParameters.gradients([("W", weightGradient), ("b", biasGradient)], layer: "Affine")
    }
}

/// A tensor with a name, such as an Affine layer's weight "W" or its gradient.
public struct NamedTensor: Sendable, Equatable {
    /// The name, as the book writes it: "W", "b", "W1", ….
    public var name: String
    /// The tensor.
    public var value: Tensor

    /// Creates a named tensor.
    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.value = value
    }
}

/// A layer of a network: a piece that computes its output on the way forward and, on the way
/// back, turns the gradient of the loss with respect to its output into the gradient with
/// respect to its input, by the chain rule.
///
/// ```
/// forward(x)     → y                   remembers what backward will need (x, a mask, y, …)
/// backward(dout) → dx = dout · ∂y/∂x   and stores ∂L/∂(each parameter) in `gradients`
/// ```
///
/// Layers are values: `forward` and `backward` are `mutating` because the layer caches its
/// input, and copying a layer copies that cache too. Calling `backward` before `forward` is a
/// precondition failure.
///
/// To write your own layer, implement `forward` and `backward`; if it has learnable tensors,
/// also `parameters` and `gradients`. Then `checkLayer(_:input:)` checks your backward pass
/// against the numerical gradient (see docs/04-layers.md and exercises/).
///
/// A layer that behaves differently in training and in use (Dropout, BatchNorm) also implements
/// `forward(_:mode:)`, and plain `forward(_:)` means training, the forward pass that `backward`
/// follows (the book's `train_flg=True`). Every other layer ignores the mode.
public protocol Layer: Sendable {
    /// Computes the layer's output for a batch `x` and remembers what `backward` needs. For a
    /// layer with modes, this is the training forward pass.
    mutating func forward(_ x: Tensor) -> Tensor

    /// Computes the layer's output in `mode`: Keras's `layer(x, training=…)`. The default
    /// ignores the mode and calls `forward(_:)`.
    mutating func forward(_ x: Tensor, mode: LayerMode) -> Tensor

    /// Given dL/dy for the last `forward`'s output, returns dL/dx and stores the parameters'
    /// gradients.
    mutating func backward(_ dout: Tensor) -> Tensor

    /// Like `backward`, but without dL/dx: for the first layer of a network, whose input is the
    /// data and needs no gradient (autograd frameworks skip it the same way). The default calls
    /// `backward` and drops dx; Affine skips dx = dout · Wᵀ, a product as large as dW's.
    mutating func backwardParameters(_ dout: Tensor)

    /// The learnable tensors, by name, in a fixed order (empty for activation layers).
    var parameters: [NamedTensor] { get set }

    /// dL/d(parameter) from the last `backward`, in the same order and shapes as `parameters`.
    var gradients: [NamedTensor] { get }

    /// Tensors the layer keeps but does not learn by gradient (BatchNorm's running mean and
    /// variance, Keras's "non-trainable params"), by name; empty for most layers. Saved with the
    /// weights, never updated by an optimizer.
    var state: [NamedTensor] { get set }
}

extension Layer {
    /// The same as `forward(_:)`: most layers behave alike in training and in inference.
    public mutating func forward(_ x: Tensor, mode: LayerMode) -> Tensor {
        forward(x)
    }

    /// No state beyond the parameters.
    public var state: [NamedTensor] {
        get { [] }
        set { precondition(newValue.isEmpty, "\(Self.self) keeps no state to set, given \(newValue.map(\.name))") }
    }

    /// `backward`, with dx dropped.
    public mutating func backwardParameters(_ dout: Tensor) {
        _ = backward(dout)
    }

    /// Activation layers have no parameters.
    public var parameters: [NamedTensor] {
        get { [] }
        set { precondition(newValue.isEmpty, "\(Self.self) has no parameters to set") }
    }

    /// Activation layers have no parameter gradients.
    public var gradients: [NamedTensor] { [] }
}

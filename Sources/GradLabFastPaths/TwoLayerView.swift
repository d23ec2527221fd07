import GradLab

/// The book's network as the fast paths see it: W1, b1, W2, b2 and the hidden activation, read
/// from a `Sequential` whose layers are Affine, Sigmoid/ReLU/Tanh, Affine (a `TwoLayerNet`, or
/// the same layers given on the command line).
///
/// The fast paths are written for exactly this shape; `init?(_:)` says whether a network has
/// it, so the trainer can fall back to the readable layers when it does not.
public struct TwoLayerView: Sendable {
    /// The four tensors under the book's names.
    public struct Weights: Sendable {
        /// First layer's weight, inputs × hidden.
        public var W1: Tensor
        /// First layer's bias.
        public var b1: Tensor
        /// Second layer's weight, hidden × outputs.
        public var W2: Tensor
        /// Second layer's bias.
        public var b2: Tensor
    }

    /// The weights.
    public var parameters: Weights
    /// The hidden activation.
    public let activation: HiddenActivation
    /// The network's own names for W1, b1, W2, b2 (its `Parameters` names), in that order.
    public let names: [String]

    /// Inputs per sample.
    public var inputSize: Int { parameters.W1.shape[0] }
    /// Hidden units.
    public var hiddenSize: Int { parameters.W1.shape[1] }
    /// Classes.
    public var outputSize: Int { parameters.W2.shape[1] }

    /// The view of `network`, or nil unless its layers are Affine, an activation the fast paths
    /// know (sigmoid, ReLU, tanh), Affine, with the softmax loss without δ and no weight decay.
    public init?(_ network: Sequential) {
        guard network.layers.count == 3, (network.lossLayer as? SoftmaxWithLoss)?.delta == 0, network.weightDecay.isNone,
              let first = network.layers[0] as? Affine, let second = network.layers[2] as? Affine,
              let activation = HiddenActivation(layer: network.layers[1]),
              first.weight.shape[1] == second.weight.shape[0] else { return nil }
        parameters = Weights(W1: first.weight, b1: first.bias, W2: second.weight, b2: second.bias)
        self.activation = activation
        names = network.parameters.names
    }

    /// The view of the book's network.
    public init(_ net: TwoLayerNet) {
        guard let view = TwoLayerView(net.network) else { preconditionFailure("TwoLayerView: a TwoLayerNet always fits") }
        self = view
    }

    /// The view of `network`, or a precondition failure naming what the fast paths need.
    static func required(_ network: Sequential, _ caller: String) -> TwoLayerView {
        guard let view = TwoLayerView(network) else {
            preconditionFailure("\(caller): the fast paths need Affine, sigmoid/relu/tanh, Affine; got \(network.layers.map { type(of: $0) })")
        }
        return view
    }

    /// A gradient in the network's own names, from the four tensors.
    func parameters(_ W1: Tensor, _ b1: Tensor, _ W2: Tensor, _ b2: Tensor) -> Parameters {
        Parameters(zip(names, [W1, b1, W2, b2]).map { NamedTensor($0, $1) })
    }
}

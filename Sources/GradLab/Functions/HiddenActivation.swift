import Foundation

/// The activation function of a network's hidden layer.
///
/// The book's chapter 4 network uses the sigmoid; chapter 5 switches to ReLU, which trains
/// faster because its gradient does not shrink for large inputs.
public enum HiddenActivation: String, Sendable, CaseIterable {
    /// σ(x) = 1 / (1 + e⁻ˣ), the book's chapter 4 choice (and the default).
    case sigmoid
    /// max(0, x), the book's chapter 5 choice.
    case relu
    /// tanh(x).
    case tanh

    /// A fresh layer computing this activation.
    public func makeLayer() -> any Layer {
        switch self {
        case .sigmoid: Sigmoid()
        case .relu: ReLU()
        case .tanh: Tanh()
        }
    }

    /// The activation of one number (the same function the layer applies).
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .sigmoid: GradLab.sigmoid(x)
        case .relu: GradLab.relu(x)
        case .tanh: Foundation.tanh(x)
        }
    }

    /// The derivative at the input whose activation is `y`, written with y as the layers'
    /// backward passes write it: y(1 − y), [y > 0], 1 − y². Layers and fast paths both ask this.
    public func derivative(output y: Double) -> Double {
        switch self {
        case .sigmoid: sigmoidDerivative(output: y)
        case .relu: reluDerivative(output: y)
        case .tanh: tanhDerivative(output: y)
        }
    }

    /// The activation that `layer` computes, if it is a `Sigmoid`, `ReLU` or `Tanh` layer: how
    /// a fast path recognises the book's network inside a `Sequential`.
    public init?(layer: any Layer) {
        switch layer {
        case is Sigmoid: self = .sigmoid
        case is ReLU: self = .relu
        case is Tanh: self = .tanh
        default: return nil
        }
    }
}

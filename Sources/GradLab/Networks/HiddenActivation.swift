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
}

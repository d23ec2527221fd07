import Foundation

/// A penalty on large weights added to the loss: L2 (the book's weight decay, Keras's
/// `kernel_regularizer=l2`) and L1 (which pushes weights to exactly 0).
///
/// ```
/// L2:   L += ½ λ₂ Σ W²        ∂/∂W += λ₂ · W
/// L1:   L += λ₁ Σ |W|         ∂/∂W += λ₁ · sign(W)      (a kink at W = 0: sign(0) is taken as 0)
/// ```
///
/// Only weights are decayed, not biases or BatchNorm's γ and β, as in the book's
/// `MultiLayerNetExtend` and in Keras: a weight is a tensor of rank 2 or more (an Affine
/// layer's W, a convolution's filters), a bias or scale is a vector. The ½ in L2 makes its
/// gradient plain λ₂W, so SGD's step becomes W ← W − η(∂L/∂W + λ₂W) = (1 − ηλ₂)W − η∂L/∂W:
/// every step shrinks ("decays") the weights by the factor 1 − ηλ₂ before the usual update.
public struct WeightDecay: Sendable, Equatable {
    /// λ₂ of the L2 penalty ½ λ₂ Σ W² (the book's `weight_decay_lambda`; 0 for none).
    public var l2: Double
    /// λ₁ of the L1 penalty λ₁ Σ |W| (0 for none).
    public var l1: Double

    /// Creates the penalty.
    ///
    /// - Precondition: both λ are finite and ≥ 0.
    public init(l2: Double = 0, l1: Double = 0) {
        precondition(l2 >= 0 && l2.isFinite && l1 >= 0 && l1.isFinite,
                     "WeightDecay: λ must be finite and ≥ 0, got l2 \(l2), l1 \(l1)")
        self.l2 = l2
        self.l1 = l1
    }

    /// No penalty.
    public static let none = WeightDecay()

    /// Whether any penalty applies.
    public var isNone: Bool { l2 == 0 && l1 == 0 }

    /// Whether `tensor` is a weight that the penalty applies to (rank ≥ 2), rather than a bias.
    public static func decays(_ tensor: Tensor) -> Bool { tensor.rank >= 2 }

    /// ½ λ₂ Σ W² + λ₁ Σ |W| over the weights among `parameters`.
    public func penalty(_ parameters: Parameters) -> Double {
        guard !isNone else { return 0 }
        var total = 0.0
        for tensor in parameters.tensors where Self.decays(tensor) {
            for w in tensor.scalars { total += 0.5 * l2 * w * w + l1 * Swift.abs(w) }
        }
        return total
    }

    /// `gradient` with the penalty's gradient λ₂ W + λ₁ sign(W) added to every weight's.
    public func adding(to gradient: Parameters, at parameters: Parameters) -> Parameters {
        guard !isNone else { return gradient }
        var result = gradient
        result.update(with: parameters) { _, g, w in
            guard Self.decays(w) else { return }
            g.update(with: w) { g, w in g + l2 * w + l1 * (w > 0 ? 1 : (w < 0 ? -1 : 0)) }
        }
        return result
    }

    /// The penalty recorded on a gradient tape, over the watched parameters that are weights;
    /// nil when there is none.
    public func penalty(_ watched: [Variable]) -> Variable? {
        guard !isNone else { return nil }
        var total: Variable?
        for w in watched where Self.decays(w.value) {
            var term: Variable?
            if l2 != 0 { term = 0.5 * l2 * (w * w).sum() }
            if l1 != 0 { term = term.map { $0 + l1 * abs(w).sum() } ?? l1 * abs(w).sum() }
            if let term { total = total.map { $0 + term } ?? term }
        }
        return total
    }
}

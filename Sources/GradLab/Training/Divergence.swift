// When training blows up: where, in which weight, and the curves up to there.
//
// The trainer checks the loss after every step (free: it has just computed it) and every weight
// once per epoch and at the end (a NaN weight behind a ReLU that clamps it to 0 never reaches
// the loss). When a check fails it looks for the first value that is not a finite number,
// weights first (they were already broken before this step), then this step's gradient.

/// One element of a parameter or of its gradient: which tensor, where, and its value.
public struct ParameterElement: Sendable, Equatable, CustomStringConvertible {
    /// Whether the element belongs to a parameter (a weight) or to a gradient.
    public enum Kind: String, Sendable, Equatable {
        /// A weight of the network.
        case parameter
        /// ∂L/∂θ for a weight.
        case gradient
    }

    /// Parameter or gradient.
    public var kind: Kind
    /// The tensor's name ("W1", "b2", …).
    public var name: String
    /// The element's multi-index in the tensor, e.g. `[3, 17]`.
    public var index: [Int]
    /// Its value.
    public var value: Double

    /// Creates the description of one element.
    public init(kind: Kind, name: String, index: [Int], value: Double) {
        self.kind = kind
        self.name = name
        self.index = index
        self.value = value
    }

    /// "parameter W1[3, 17] = inf", "the gradient of b1[7] = nan".
    public var description: String {
        let element = "\(name)[\(index.map(String.init).joined(separator: ", "))] = \(readableNumber(value))"
        return kind == .parameter ? "parameter " + element : "the gradient of " + element
    }
}

extension Parameters {
    /// The first element that is NaN or infinite, in the order of the tensors and then
    /// row-major, or `nil` if all are finite numbers.
    ///
    /// - Parameter kind: what the tensors are, for the description.
    /// - Complexity: O(scalarCount).
    public func firstNonFinite(as kind: ParameterElement.Kind = .parameter) -> ParameterElement? {
        for (name, tensor) in zip(names, tensors) {
            if let flat = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
                return ParameterElement(kind: kind, name: name, index: tensor.multiIndex(ofFlatIndex: flat),
                                        value: tensor.scalars[flat])
            }
        }
        return nil
    }

    /// The element of largest magnitude (the first of equals), or `nil` if there are no elements:
    /// where a run is heading when nothing is infinite yet.
    ///
    /// - Complexity: O(scalarCount).
    public func largestMagnitude(as kind: ParameterElement.Kind = .parameter) -> ParameterElement? {
        var best: ParameterElement?
        for (name, tensor) in zip(names, tensors) {
            for (flat, value) in tensor.scalars.enumerated() where best.map({ abs(value) > abs($0.value) }) ?? true {
                best = ParameterElement(kind: kind, name: name, index: tensor.multiIndex(ofFlatIndex: flat), value: value)
            }
        }
        return best
    }
}

/// How a training run diverged: the iteration, the loss, the first value that stopped being a
/// finite number, and the curves recorded until then.
public struct Divergence: Sendable, CustomStringConvertible {
    /// The iteration at which the trainer noticed (0-based).
    public var iteration: Int
    /// That iteration's loss: NaN or infinite, or finite if a weight broke first.
    public var loss: Double
    /// The learning rate of the run.
    public var learningRate: Double
    /// The first weight that is not finite, or else the first element of this iteration's
    /// gradient that is not; `nil` if every one is still a finite number (only the loss broke).
    public var firstNonFinite: ParameterElement?
    /// The weight of largest magnitude when the trainer noticed: the overflow on its way.
    public var largestParameter: ParameterElement?
    /// The curves until the iteration before (its `outcome` is `.diverged`), and the network
    /// as it was then.
    public var history: TrainingHistory

    /// Creates the record of a divergence.
    public init(iteration: Int, loss: Double, learningRate: Double, firstNonFinite: ParameterElement?,
                largestParameter: ParameterElement?, history: TrainingHistory) {
        self.iteration = iteration
        self.loss = loss
        self.learningRate = learningRate
        self.firstNonFinite = firstNonFinite
        self.largestParameter = largestParameter
        self.history = history
    }

    /// What happened, in one sentence, without advice (the caller knows how its user sets the
    /// learning rate):
    ///
    /// ```text
    /// training diverged at iteration 3: the loss became nan, and parameter W1[0, 2] = inf (learning rate 1e+300)
    /// ```
    public var description: String {
        let what: String
        switch (loss.isFinite, firstNonFinite) {
        case (false, let element?):
            what = "the loss became \(readableNumber(loss)), and \(element)"
        case (false, nil):
            what = "the loss became \(readableNumber(loss)), while every weight and gradient is still finite"
                + (largestParameter.map { " (the largest: \($0))" } ?? "")
        case (true, let element?):
            what = "\(element), while the loss is still finite (\(loss))"
        case (true, nil):
            what = "the loss is \(loss)"  // not a divergence; described all the same
        }
        return "training diverged at iteration \(iteration): \(what) (learning rate \(learningRate))"
    }
}

/// `value` as Swift prints it, except that every NaN is "nan": its sign bit, which Swift shows
/// as "-nan", means nothing and would only puzzle a reader.
private func readableNumber(_ value: Double) -> String {
    value.isNaN ? "nan" : "\(value)"
}

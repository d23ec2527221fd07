/// Everything an optimizer carries from one step to the next, as named tensors and numbers: what
/// a checkpoint saves so that training continues exactly (PyTorch's `optimizer.state_dict()`).
///
/// ```
/// slots     per-parameter tensors, by slot then parameter:   "velocity" → W1, b1, …   (Momentum)
///                                                             "m", "v"   → W1, b1, …   (Adam)
/// numbers   the hyperparameters and counters:                "learning_rate", "step", …
/// ```
///
/// "Slot" is TensorFlow's word for an optimizer's per-variable state (`optimizer.get_slot`). A
/// slot has a tensor only for the parameters updated so far: before the first step it is empty,
/// as the optimizer's own dictionaries are.
public struct OptimizerState: Sendable, Equatable {
    /// The per-parameter tensors: slot name → parameter name → tensor of that parameter's shape.
    public var slots: [String: [String: Tensor]]
    /// The numbers the next step depends on (η, the decay rates, Adam's step count t).
    public var numbers: [String: Double]

    /// Creates the state.
    public init(slots: [String: [String: Tensor]] = [:], numbers: [String: Double] = [:]) {
        self.slots = slots
        self.numbers = numbers
    }

    /// The number called `key`.
    ///
    /// - Throws: ``OptimizerStateError`` if there is none, or it is not finite.
    public func number(_ key: String) throws(OptimizerStateError) -> Double {
        guard let value = numbers[key] else {
            throw OptimizerStateError("no number \"\(key)\"; the state has \(numbers.keys.sorted().joined(separator: ", "))")
        }
        guard value.isFinite else { throw OptimizerStateError("the number \"\(key)\" is \(value), not finite") }
        return value
    }

    /// Checks that the state has exactly these slots (each may be empty) and numbers, so that a
    /// state saved by another optimizer is refused rather than half used.
    ///
    /// - Throws: ``OptimizerStateError`` naming the first slot or number that is missing or unknown.
    public func expect(slots expectedSlots: Set<String>, numbers expectedNumbers: Set<String>) throws(OptimizerStateError) {
        if let unknown = Set(slots.keys).subtracting(expectedSlots).sorted().first {
            throw OptimizerStateError("unknown slot \"\(unknown)\"; this optimizer keeps "
                                      + (expectedSlots.isEmpty ? "none" : expectedSlots.sorted().joined(separator: ", ")))
        }
        if let unknown = Set(numbers.keys).subtracting(expectedNumbers).sorted().first {
            throw OptimizerStateError("unknown number \"\(unknown)\"; this optimizer keeps \(expectedNumbers.sorted().joined(separator: ", "))")
        }
        if let missing = expectedNumbers.subtracting(numbers.keys).sorted().first {
            throw OptimizerStateError("no number \"\(missing)\"")
        }
    }
}

/// Why an ``OptimizerState`` cannot be loaded into an optimizer: a number or slot missing,
/// unknown or out of range.
public struct OptimizerStateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, in words.
    public var description: String

    /// Creates the error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

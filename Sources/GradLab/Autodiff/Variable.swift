/// A tensor whose operations a `GradientTape` records: the tape's `Tensor`.
///
/// A variable is either on a tape (watched, or computed from watched values while the tape
/// records) or a constant. Operations on variables compute their value right away, like
/// `Tensor`'s, and record how to differentiate it when a tape is involved.
public struct Variable: CustomStringConvertible {
    /// The value, computed when the operation ran.
    public let value: Tensor
    /// The tape that recorded it, nil for a constant. Weak: the tape's recorded operations hold
    /// variables, so a strong reference back would keep every tape (and its tensors) alive.
    private(set) weak var tape: GradientTape?
    /// Its place on the tape.
    let position: Int

    init(_ value: Tensor, tape: GradientTape, position: Int) {
        self.value = value
        self.tape = tape
        self.position = position
    }

    /// A constant: its operations are recorded only if they also involve a recorded value.
    public init(constant value: Tensor) {
        self.value = value
        tape = nil
        position = -1
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }

    /// The value's text, marked as recorded or constant.
    public var description: String { "Variable(\(value)\(tape == nil ? ", constant" : ""))" }
}

extension Variable {
    /// Records a unary operation with its local backward. The operations call this.
    static func unary(_ operation: String, _ x: Variable, _ value: Tensor,
                      backward: @escaping (Variable) -> Variable) -> Variable {
        guard let tape = x.tape else { return Variable(constant: value) }
        return tape.record(value, operation: operation, inputs: [x]) { g in [backward(g)] }
    }

    /// Records a binary operation with its local backward. The operations call this.
    static func binary(_ operation: String, _ a: Variable, _ b: Variable, _ value: Tensor,
                       backward: @escaping (Variable) -> (Variable, Variable)) -> Variable {
        guard let tape = a.tape ?? b.tape else { return Variable(constant: value) }
        precondition(a.tape == nil || b.tape == nil || a.tape === b.tape,
                     "Variable: the operands were recorded on different tapes")
        return tape.record(value, operation: operation, inputs: [a, b]) { g in
            let (da, db) = backward(g)
            return [da, db]
        }
    }

    /// Records an operation on any number of inputs (a concatenation) with its local backward,
    /// which returns one gradient per input, in order.
    static func nary(_ operation: String, _ inputs: [Variable], _ value: Tensor,
                     backward: @escaping (Variable) -> [Variable]) -> Variable {
        guard let tape = inputs.lazy.compactMap(\.tape).first else { return Variable(constant: value) }
        precondition(inputs.allSatisfy { $0.tape == nil || $0.tape === tape },
                     "Variable: the operands were recorded on different tapes")
        return tape.record(value, operation: operation, inputs: inputs, backward: backward)
    }
}

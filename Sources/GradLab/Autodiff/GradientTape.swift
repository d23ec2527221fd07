/// Reverse-mode automatic differentiation: records the operations on watched tensors, then plays
/// them back from the result to the inputs, applying the chain rule at each one. What
/// `tf.GradientTape` does, and what backprop through layers does by hand.
///
/// ```swift
/// let tape = GradientTape()
/// let x = tape.watch(Tensor(scalar: 3))
/// let y = x * x + x * x * x                  // recorded: three products, one sum
/// tape.gradient(of: y, withRespectTo: [x])   // [33]: dy/dx = 2x + 3x²
/// ```
///
/// Every operation (`Variable+Arithmetic.swift`, `Variable+Functions.swift`) computes its value
/// and records a small backward function next to it: given dL/d(output), the gradient with
/// respect to each input. Playing back, gradients that reach one value along several paths add
/// up (a value used twice gets both contributions).
///
/// **Higher orders.** The backward functions are written with the same recorded operations. So
/// when asked to (`keepingGraph: true`), the tape records its own backward pass, and the
/// gradient it returns can be differentiated again: the second derivative, or a Hessian-vector
/// product. This is what nesting two `tf.GradientTape`s does (the outer tape records the inner
/// tape's backward pass) and what PyTorch calls `create_graph=True`.
///
/// A tape is a reference type: the variables recorded on it point back to it. Use one tape per
/// computation; it is not for sharing between threads.
public final class GradientTape {
    /// One recorded operation: its inputs (positions on the tape) and how to send a gradient
    /// back to them.
    struct Node {
        /// What made the value ("×", "+", "exp", …; the name given to `watch` for a leaf).
        let operation: String
        let value: Tensor
        let inputs: [Int]
        let backward: (Variable) -> [Variable]
    }

    private(set) var nodes: [Node] = []
    /// Whether operations are being recorded (off while playing back without `keepingGraph`).
    var isRecording = true

    /// Creates an empty tape.
    public init() {}

    /// Starts recording operations on `value`: a leaf whose gradient can be asked for. The name
    /// labels it in drawings of the graph.
    public func watch(_ value: Tensor, name: String = "") -> Variable {
        nodes.append(Node(operation: name, value: value, inputs: [], backward: { _ in [] }))
        return Variable(value, tape: self, position: nodes.count - 1)
    }

    /// Records an operation's output. Called by the operations, not by users.
    func record(_ value: Tensor, operation: String, inputs: [Variable],
                backward: @escaping (Variable) -> [Variable]) -> Variable {
        guard isRecording, inputs.contains(where: { $0.tape === self }) else { return Variable(constant: value) }
        nodes.append(Node(operation: operation, value: value, inputs: inputs.map { $0.tape === self ? $0.position : -1 },
                          backward: backward))
        return Variable(value, tape: self, position: nodes.count - 1)
    }

    /// The gradient of `result` with respect to each of `inputs`, by playing the tape back.
    ///
    /// ```
    /// ḡ[result] = 1 (ones shaped like result)
    /// for each recorded operation, latest first, that a gradient reached:
    ///     for (input, g) in zip(op.inputs, op.backward(ḡ[op])): ḡ[input] += g
    /// ```
    ///
    /// - Parameters:
    ///   - result: the value to differentiate (usually a scalar loss; otherwise the gradient of
    ///     the sum of its elements, as TensorFlow does).
    ///   - inputs: watched values (or any recorded values) of this tape.
    ///   - keepingGraph: record the playback too, so that the gradients are recorded values that
    ///     can be differentiated again (second derivatives).
    /// - Returns: one gradient per input, shaped like it (zeros where `result` does not depend on it).
    public func gradient(of result: Variable, withRespectTo inputs: [Variable], keepingGraph: Bool = false) -> [Variable] {
        precondition(result.tape === self, "GradientTape.gradient: the result was not recorded on this tape")
        for input in inputs {
            precondition(input.tape === self, "GradientTape.gradient: an input was not recorded on this tape")
        }
        let wasRecording = isRecording
        isRecording = keepingGraph
        defer { isRecording = wasRecording }
        var gradients = [Variable?](repeating: nil, count: nodes.count)
        gradients[result.position] = Variable(constant: Tensor(shape: result.value.shape, repeating: 1))
        for position in stride(from: result.position, through: 0, by: -1) {
            guard let upstream = gradients[position] else { continue }
            let node = nodes[position]
            for (input, contribution) in zip(node.inputs, node.backward(upstream)) where input >= 0 {
                gradients[input] = gradients[input].map { $0 + contribution } ?? contribution
            }
        }
        return inputs.map { gradients[$0.position] ?? Variable(constant: .zeros(like: $0.value)) }
    }

    /// `gradient(of:withRespectTo:)` as plain tensors, for one step of gradient descent.
    public func gradient(of result: Variable, withRespectTo inputs: [Variable]) -> [Tensor] {
        gradient(of: result, withRespectTo: inputs, keepingGraph: false).map(\.value)
    }
}

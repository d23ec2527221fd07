import GradLab
import Testing

/// Checks one tape operation against central differences: L = Σ w ⊙ op(inputs) with a seeded w
/// (so every output element matters, each with its own weight), its value against the same
/// computation on constants, and the tape's gradient for each input against
/// `numericalGradient(of:at:)`, by norm-relative error.
///
/// - Parameters:
///   - name: names the operation in failure messages.
///   - shapes: the inputs' shapes; input k is `randomTensor(shapes[k], seed: 10 + k)`.
///   - tolerance: for the norm-relative error; smooth operations of order 1 reach 1e-9.
func expectTapeMatchesCentralDifferences(
    _ name: String, shapes: [[Int]], tolerance: Double, _ operation: ([Variable]) -> Variable,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let inputs = shapes.enumerated().map { randomTensor($1, seed: UInt64(10 + $0)) }
    let outputShape = operation(inputs.map { Variable(constant: $0) }).shape
    let weights = randomTensor(outputShape, seed: 99)
    func loss(_ values: [Tensor]) -> Double {
        (operation(values.map { Variable(constant: $0) }).value * weights).sum()
    }
    let tape = GradientTape()
    let watched = inputs.map { tape.watch($0) }
    let result = (operation(watched) * Variable(constant: weights)).sum()
    #expect(abs(result.value.scalar - loss(inputs)) < Tolerance.rounding, "\(name)", sourceLocation: sourceLocation)
    let gradients: [Tensor] = tape.gradient(of: result, withRespectTo: watched)
    for k in inputs.indices {
        let numeric = numericalGradient(of: { x in
            var values = inputs
            values[k] = x
            return loss(values)
        }, at: inputs[k])
        #expect(gradients[k].shape == inputs[k].shape, "\(name)", sourceLocation: sourceLocation)
        let error = (gradients[k] - numeric).norm / (gradients[k].norm + numeric.norm)
        #expect(error < tolerance, "\(name), input \(k): norm-relative error \(error)", sourceLocation: sourceLocation)
    }
}

import Foundation
import GradLab

/// One optimizer step on one tensor, as a student writes it: θ and g in, the new θ out, with
/// whatever state (velocity, running means) the closure keeps between calls.
typealias TensorStep = (_ theta: Tensor, _ gradient: Tensor, _ step: Int) throws -> Tensor

/// Runs a student's update and the library's optimizer side by side for six steps on the same
/// gradients, and compares θ after each step: they compute the same formula, so they must agree
/// to rounding (10⁻¹² relative).
///
/// - Parameters:
///   - makeStep: makes a fresh student update (each call starts with fresh state).
///   - library: a fresh library optimizer.
///   - name: the update rule, for messages.
func checkOptimizer(_ makeStep: () -> TensorStep, library: any Optimizer, name: String) -> ExerciseOutcome {
    var generator = SplitMix64(seed: 16)
    let start = Tensor.randomNormal(shape: [2, 3], using: &generator)
    let gradients = (0..<6).map { _ in Tensor.randomNormal(shape: [2, 3], using: &generator) }
    let step = makeStep()
    var optimizer = library
    var theirs = Parameters([NamedTensor("W", start)])
    var yours = start
    for (index, g) in gradients.enumerated() {
        let before = yours
        do {
            yours = try step(yours, g, index + 1)
        } catch is NotImplemented {
            return .notStarted
        } catch {
            return .failed("threw \(error)")
        }
        let previous = theirs["W"]
        optimizer.update(&theirs, with: Parameters([NamedTensor("W", g)]))
        let expected = theirs["W"]
        guard yours.shape == expected.shape else {
            return .failed("step \(index + 1): θ has shape \(yours.shape), it should stay \(expected.shape)")
        }
        if (yours - expected).norm > 1e-12 * (1 + expected.norm) {
            // Compare the steps taken rather than the positions: a missing factor shows as a ratio.
            var why = ""
            if index > 0 {
                why = "; step 1 agreed: is the state (velocity, m, v) carried from one step to the next?"
            } else if (yours - expected).norm < 1e-4 * (expected - previous).norm {
                why = "; close, but not to rounding: a small term is off (where does ε go?)"
            } else if let diagnosis = diagnose(yours: yours - before, numerical: expected - previous) {
                why = "; the step itself: " + diagnosis.replacingOccurrences(of: "the numerical gradient", with: "the library's step")
            }
            return .failed("after step \(index + 1) of \(name): θ[0] is \(yours[flat: 0]), the library's \(expected[flat: 0]) "
                           + "(‖difference‖ = \(rounded((yours - expected).norm)))\(why)")
        }
    }
    return .passed("six steps of \(name) agree with the library's to 1e-12")
}

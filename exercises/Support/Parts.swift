import Foundation
import GradLab

/// Checks an exercise made of several functions, in order.
///
/// Not started while the first part still throws `NotImplemented`; once it is written, a later
/// part that still throws makes it in progress ("2/3 parts"), naming the part to write next. The
/// first failure stops; when all pass, their messages are joined.
///
/// - Parameter parts: each part's name (the function to write) and its check.
func checkParts(_ parts: [(name: String, check: () -> ExerciseOutcome)]) -> ExerciseOutcome {
    var passed: [String] = []
    for (index, part) in parts.enumerated() {
        switch part.check() {
        case .notStarted:
            if index == 0 { return .notStarted }
            return .inProgress("\(index)/\(parts.count) parts: " + passed.joined(separator: "; ")
                               + "; now write \(part.name) (it still throws NotImplemented)")
        case .inProgress(let text):
            return .inProgress("\(index)/\(parts.count) parts done, \(part.name) in progress: \(text)")
        case .failed(let text):
            return .failed("\(part.name): \(text)")
        case .passed(let text):
            passed.append(text)
        }
    }
    return .passed(passed.joined(separator: "; "))
}

/// Judges a gradient against the numerical one, and on failure adds what the numbers suggest.
///
/// - Parameters:
///   - name: the tensor's name in messages ("x", "scores", "W1").
///   - yours: the student's gradient.
///   - numerical: the numerical gradient.
///   - loss: the value of the function at the point (sets the round-off floor).
///   - batch: the batch size, to recognise a missing /N.
func judgeGradient(_ name: String, yours: Tensor, numerical: Tensor, loss: Double, h: Double = 1e-4,
                   batch: Int? = nil) -> ExerciseOutcome {
    guard yours.shape == numerical.shape else {
        return .failed("\(name): yours has shape \(yours.shape), it should be \(numerical.shape)")
    }
    let outcome = judge([GradientComparison(name: name, analytic: yours, numeric: numerical,
                                            roundOffFloor: GradientComparison.roundOffFloor(loss: loss, h: h))])
    guard case .failed(let text) = outcome else { return outcome }
    return .failed(text + diagnoseAll([(name, yours, numerical)], batch: batch).replacingFirst("; \(name): ", with: "; "))
}

extension String {
    /// The string with the first occurrence of `target` replaced (unchanged if absent).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

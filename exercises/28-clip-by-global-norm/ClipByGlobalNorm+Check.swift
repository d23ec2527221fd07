import Foundation
import GradLab

extension Exercise {
    /// Exercise 28: TensorFlow's clip_by_global_norm, every tensor scaled by c / max(g, c).
    static let clipByGlobalNormExercise = Exercise(
        id: "clip-by-global-norm", title: "Clip a gradient by its global norm, as TensorFlow does",
        file: "exercises/28-clip-by-global-norm/ClipByGlobalNorm.swift",
        book: "TF notes §9.3 (tf.clip_by_global_norm); Pascanu, Mikolov and Bengio 2013", minutes: 15,
        hints: [
            "First g: add up every tensor's squaredNorm, then take the square root once (not the sum of the norms).",
            "One factor for all: let scale = c / max(g, c), which is 1 when g ≤ c. Then tensors.map { $0 * scale }.",
            "let g = tensors.reduce(0) { $0 + $1.squaredNorm }.squareRoot(); return (tensors.map { $0 * (c / max(g, c)) }, g)",
        ],
        solution: "Sources/GradLab/Training/GradientClipping.swift: clipByGlobalNorm and Parameters.globalNorm",
        check: { checkGlobalNormClipping { try myClipByGlobalNorm($0, clipNorm: $1) } },
        checkReference: { checkGlobalNormClipping(referenceGlobalNormClipping) },
        wrongAnswers: [
            WrongAnswer("each tensor clipped by its own norm (clip_by_norm)") {
                checkGlobalNormClipping { tensors, c in
                    (tensors.map { $0 * (c / Swift.max($0.norm, c)) }, tensors.reduce(0) { $0 + $1.squaredNorm }.squareRoot())
                }
            },
            WrongAnswer("the global norm as the sum of the norms") {
                checkGlobalNormClipping { tensors, c in
                    let g = tensors.reduce(0) { $0 + $1.norm }
                    return (tensors.map { $0 * (c / Swift.max(g, c)) }, g)
                }
            },
            WrongAnswer("scaled by c / g even below the limit") {
                checkGlobalNormClipping { tensors, c in
                    let g = tensors.reduce(0) { $0 + $1.squaredNorm }.squareRoot()
                    return (tensors.map { $0 * (c / g) }, g)
                }
            },
            WrongAnswer("returned the global norm after clipping") {
                checkGlobalNormClipping { tensors, c in
                    let (clipped, _) = referenceGlobalNormClipping(tensors, c)
                    return (clipped, clipped.reduce(0) { $0 + $1.squaredNorm }.squareRoot())
                }
            },
            WrongAnswer("clamped every element to [−c, c] (clip by value)") {
                checkGlobalNormClipping { tensors, c in
                    (tensors.map { $0.map { Swift.min(Swift.max($0, -c), c) } }, tensors.reduce(0) { $0 + $1.squaredNorm }.squareRoot())
                }
            },
        ])

    /// The library's clipByGlobalNorm, on the tensors named t1, t2, ….
    static let referenceGlobalNormClipping: @Sendable ([Tensor], Double) -> (clipped: [Tensor], globalNorm: Double) = { tensors, c in
        let gradient = Parameters(tensors.enumerated().map { NamedTensor("t\($0.offset + 1)", $0.element) })
        let (clipped, g) = clipByGlobalNorm(gradient, c)
        return (clipped.tensors, g)
    }

    /// The factor by which `yours` is `original`, if it is one factor for the whole tensor.
    static func commonFactor(_ yours: Tensor, _ original: Tensor) -> Double? {
        let factor = yours.norm / original.norm
        return (yours - factor * original).norm <= 1e-9 * yours.norm ? factor : nil
    }

    /// Which rule a wrong answer follows, from the factors it applied and the norm it returned.
    static func clippingDiagnosis(yours: [Tensor], norm: Double, tensors: [Tensor], c: Double, g: Double) -> String {
        let sumOfNorms = tensors.reduce(0) { $0 + $1.norm }
        let near: (Double, Double) -> Bool = { abs($0 - $1) <= 1e-9 * abs($1) }
        if near(norm, sumOfNorms) && !near(norm, g) {
            return "your global norm \(rounded(norm)) is Σ‖tᵢ‖, the sum of the norms; g = √(Σ‖tᵢ‖²) = \(rounded(g)) is the length "
                + "of all the tensors as one vector"
        }
        if near(norm, Swift.min(g, c)) && !near(norm, g) {
            return "your global norm \(rounded(norm)) is the norm after clipping; TensorFlow returns g before clipping, \(rounded(g)), "
                + "which is how you see that the gradient exploded"
        }
        if !near(norm, g) { return "your global norm is \(norm), √(Σ‖tᵢ‖²) is \(g)" }
        let factors = zip(yours, tensors).map { commonFactor($0, $1) }
        let expected = c / Swift.max(g, c)
        guard factors.allSatisfy({ $0 != nil }) else {
            if zip(yours, tensors).allSatisfy({ $0 == $1.map { Swift.min(Swift.max($0, -c), c) } }) {
                return "yours clamps every element to [−c, c] (clip by value), which turns the step's direction; "
                    + "scale every tensor by c / max(g, c) = \(rounded(expected)) instead"
            }
            return "yours is not a multiple of the original tensors: clipping by norm only scales them"
        }
        let scales = factors.compactMap { $0 }
        let perTensor = tensors.map { c / Swift.max($0.norm, c) }
        if zip(scales, perTensor).allSatisfy({ near($0, $1) }) && !scales.allSatisfy({ near($0, expected) }) {
            return "yours scales the tensors by " + scales.map(rounded).joined(separator: ", ")
                + ", each by c / max(‖tᵢ‖, c): that is clipping each tensor by its own norm (clip_by_norm), which turns the step; "
                + "by global norm every tensor gets the same factor c / max(g, c) = \(rounded(expected))"
        }
        if g <= c && scales.allSatisfy({ near($0, c / g) }) {
            return "g = \(rounded(g)) is below c = \(rounded(c)) already, so the tensors stay as they are (c / max(g, c) = 1); "
                + "yours scaled them up by c / g = \(rounded(c / g))"
        }
        return "yours scales the tensors by " + scales.map(rounded).joined(separator: ", ") + "; c / max(g, c) = \(rounded(expected))"
    }

    /// Three gradients of three tensors each: above the limit, below it, and one tensor 100 times
    /// the others (where clipping each tensor alone and clipping them together differ most).
    static func checkGlobalNormClipping(_ implementation: ([Tensor], Double) throws -> (clipped: [Tensor], globalNorm: Double)) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 28)
        let base = [[2, 3], [3], [3, 2]].map { Tensor.randomNormal(shape: $0, using: &generator) }
        let cases: [(name: String, tensors: [Tensor], c: Double)] = [
            ("above the limit", base.map { 2 * $0 }, 2),
            ("below the limit", base.map { 0.1 * $0 }, 5),
            ("one tensor 100 times the others", [100 * base[0], base[1], base[2]], 1),
        ]
        return attempt({ try cases.map { try implementation($0.tensors, $0.c) } }) { results in
            var notes: [String] = []
            for (example, result) in zip(cases, results) {
                // The closed form, element by element.
                var squares = 0.0
                for tensor in example.tensors { for t in tensor.scalars { squares += t * t } }
                let g = squares.squareRoot(), scale = example.c / Swift.max(g, example.c)
                let expected = example.tensors.map { $0 * scale }
                let label = "\(example.name) (g = \(rounded(g)), c = \(rounded(example.c)))"
                guard result.clipped.count == expected.count else {
                    return .failed("\(label): \(result.clipped.count) tensors back, \(expected.count) given")
                }
                for (index, (yours, want)) in zip(result.clipped, expected).enumerated() where yours.shape != want.shape {
                    return .failed("\(label): tensor \(index + 1) has shape \(yours.shape), it was \(want.shape)")
                }
                let agrees = zip(result.clipped, expected).allSatisfy { ($0 - $1).norm <= 1e-12 * (1 + $1.norm) }
                guard agrees && abs(result.globalNorm - g) <= 1e-12 * g else {
                    return .failed("\(label): " + clippingDiagnosis(yours: result.clipped, norm: result.globalNorm,
                                                                       tensors: example.tensors, c: example.c, g: g))
                }
                notes.append(g > example.c ? "g = \(rounded(g)) > c = \(rounded(example.c)): every tensor × \(rounded(scale))"
                                           : "g = \(rounded(g)) ≤ c = \(rounded(example.c)): unchanged")
            }
            return .passed(notes.joined(separator: "; ") + "; the clipped step keeps its direction, and its global norm is min(g, c)")
        }
    }
}

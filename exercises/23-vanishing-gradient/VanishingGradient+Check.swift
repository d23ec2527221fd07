import Foundation
import GradLab

extension Exercise {
    /// Exercise 23: σ′ ≤ 1/4, so n sigmoid layers pass back at most (1/4)ⁿ of a gradient.
    static let vanishingGradient = Exercise(
        id: "vanishing-gradient", title: "Predict the vanishing gradient: the most that gets back through n sigmoid layers",
        file: "exercises/23-vanishing-gradient/VanishingGradient.swift",
        book: "Saitoh 6.2.2 (the sigmoid's vanishing gradient); TF notes §9.3", minutes: 15,
        hints: [
            "Where is σ′(a) = σ(a) · (1 − σ(a)) largest? At a = 0, where σ(0) = 1/2, so σ′(0) = 1/2 · 1/2 = 1/4; everywhere else it is smaller.",
            "The chain rule multiplies the n slopes (w = 1 adds nothing), each at most 1/4, so the product is at most (1/4)ⁿ. Can every aₗ be 0 at once? Yes: x = 0, b₁ = 0, and every later bₗ = −1/2 cancels yₗ₋₁ = σ(0) = 1/2.",
            "return pow(0.25, Double(n)); for the threshold, count n up from 1 while pow(0.25, Double(n)) >= threshold.",
        ],
        solution: "Sources/GradLab/Functions/Activations.swift: sigmoidDerivative (at most 1/4, at x = 0); "
            + "the product it enters: Sequential.trainingGradient in Sources/GradLab/Networks/Sequential.swift",
        check: { checkVanishing(factor: { try myLargestGradientFactor(layers: $0) }, depth: { try myLayersToVanish(below: $0) }) },
        checkReference: { checkVanishing(factor: referenceFactor, depth: referenceDepth) },
        wrongAnswers: [
            WrongAnswer("one layer's slope, 1/4, whatever the depth") { checkVanishing(factor: { _ in 0.25 }, depth: referenceDepth) },
            WrongAnswer("added the slopes: n/4") { checkVanishing(factor: { Double($0) / 4 }, depth: referenceDepth) },
            WrongAnswer("σ(0)ⁿ = (1/2)ⁿ: the value where the slope belongs") {
                checkVanishing(factor: { pow(0.5, Double($0)) }, depth: referenceDepth)
            },
            WrongAnswer("(1/4)ⁿ⁻¹: the first layer left out") { checkVanishing(factor: { pow(0.25, Double($0 - 1)) }, depth: referenceDepth) },
            WrongAnswer("the number of layers rounded down") {
                checkVanishing(factor: referenceFactor, depth: { Int(log($0) / log(0.25)) })
            },
        ])

    /// The library's peak slope σ′(0), to the n.
    static let referenceFactor: @Sendable (Int) -> Double = { pow(sigmoidDerivative(0), Double($0)) }

    /// The first depth at which the library's peak slope to the n falls below the threshold.
    static let referenceDepth: @Sendable (Double) -> Int = { threshold in
        var n = 1
        while pow(sigmoidDerivative(0), Double(n)) >= threshold { n += 1 }
        return n
    }

    /// dy/dx through one Affine(1 → 1, weight 1, bias b) and Sigmoid per bias, by backprop
    /// through the library's layers, at x.
    static func sigmoidChainSlope(at x: Double, biases: [Double]) -> Double {
        var layers: [any Layer] = biases.flatMap { b -> [any Layer] in [Affine(weight: Tensor([[1]]), bias: Tensor([b])), Sigmoid()] }
        var y = Tensor([[x]])
        for i in layers.indices { y = layers[i].forward(y) }
        var gradient = Tensor([[1.0]])
        for i in layers.indices.reversed() { gradient = layers[i].backward(gradient) }
        return gradient[flat: 0]
    }

    /// What the bound looks like in practice: the chain of 10 where it is reached, measured by
    /// backprop and by central differences, and the largest slope of 1000 random chains.
    static var vanishingMeasured: String {
        let biases = [0] + Array(repeating: -0.5, count: 9)
        let best = sigmoidChainSlope(at: 0, biases: biases)
        let numeric = GradLab.numericalDerivative(of: { x in biases.reduce(x) { sigmoid($0 + $1) } }, at: 0)
        var generator = SplitMix64(seed: 23)
        var randomBest = 0.0
        for _ in 0..<1000 {
            let x = 3 * generator.nextStandardNormal()
            var y = x, slope = 1.0
            for _ in 0..<10 {
                let a = y + 3 * generator.nextStandardNormal()
                slope *= sigmoidDerivative(a)
                y = sigmoid(a)
            }
            randomBest = Swift.max(randomBest, slope)
        }
        return "(1/4)^10 = \(rounded(pow(0.25, 10))); backprop through 10 Sigmoid layers (w = 1, x = 0, b = 0, −½, …, −½, "
            + "every aₗ = 0) measures \(rounded(best)), central differences \(rounded(numeric)); "
            + "1000 random inputs and biases got at most \(rounded(randomBest)) back"
    }

    /// Why a wrong factor for n layers is wrong, when it has the shape of a common mistake.
    static func vanishingDiagnosis(_ yours: Double, layers n: Int) -> String {
        let near: (Double) -> Bool = { abs(yours - $0) <= 1e-9 * abs($0) }
        if !yours.isFinite { return ": yours is not a finite number" }
        if n > 1 && near(0.25) { return ": that is one layer's σ′(0) = 1/4; the chain rule multiplies \(n) of them" }
        if n > 1 && near(Double(n) / 4) { return ": that adds the \(n) slopes; the chain rule multiplies them" }
        if near(pow(0.5, Double(n))) {
            return ": that is σ(0)ⁿ, the sigmoid's value at 0; its slope there is σ′(0) = σ(0) · (1 − σ(0)) = 1/4"
        }
        if near(pow(0.25, Double(n - 1))) { return ": that is (1/4)ⁿ⁻¹; every layer multiplies by its own σ′, the first one too" }
        if yours > pow(0.25, Double(n)) { return ": no chain gets that much back, since no σ′ exceeds 1/4" }
        return ": some chains get more back; where is σ′ largest, and can every aₗ be there at once?"
    }

    static func checkVanishing(factor: @escaping (Int) throws -> Double, depth: @escaping (Double) throws -> Int) -> ExerciseOutcome {
        checkParts([
            ("myLargestGradientFactor", {
                let counts = [1, 2, 3, 10, 20]
                return attempt({ try counts.map { try factor($0) } }) { values in
                    for (n, yours) in zip(counts, values) {
                        let expected = pow(0.25, Double(n))
                        guard abs(yours - expected) <= 1e-12 * expected else {
                            return .failed("for \(n) layer\(n == 1 ? "" : "s"): yours is \(yours), the largest factor is \(expected) "
                                           + "(yours is \(rounded(yours / expected)) times it)" + vanishingDiagnosis(yours, layers: n))
                        }
                    }
                    return .passed(vanishingMeasured)
                }
            }),
            ("myLayersToVanish", {
                let thresholds = [1e-6, 1e-3, 0.01, 1e-12]
                return attempt({ try thresholds.map { try depth($0) } }) { values in
                    for (threshold, yours) in zip(thresholds, values) {
                        var expected = 1
                        while pow(0.25, Double(expected)) >= threshold { expected += 1 }
                        if yours == expected { continue }
                        let text = "below \(threshold): yours is \(yours) layers, the smallest is \(expected)"
                        guard yours >= 1 else { return .failed(text + ": a chain has at least 1 layer") }
                        if yours < expected {
                            let exact = log(threshold) / log(0.25)
                            return .failed(text + ": (1/4)^\(yours) = \(rounded(pow(0.25, Double(yours)))) is not below \(threshold) yet"
                                           + (yours == Int(exact) ? "; log(\(threshold)) / log(1/4) = \(rounded(exact)) is not a whole number of layers: round up" : ""))
                        }
                        return .failed(text + ": (1/4)^\(yours - 1) = \(rounded(pow(0.25, Double(yours - 1)))) is below \(threshold) already")
                    }
                    return .passed("from 10 layers on, (1/4)ⁿ < 1e-6: a 10-layer sigmoid network passes back less than a millionth "
                                   + "of the gradient to its first layer, however its biases are set")
                }
            }),
        ])
    }
}

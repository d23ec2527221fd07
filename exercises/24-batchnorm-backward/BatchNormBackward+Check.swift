import Foundation
import GradLab

extension Exercise {
    /// Exercise 24: BatchNorm's backward, where every sample of the batch reaches every output.
    static let batchNormBackward = Exercise(
        id: "batchnorm-backward", title: "The BatchNorm layer's backward pass: dx through μ and σ², dγ and dβ",
        file: "exercises/24-batchnorm-backward/BatchNormBackward.swift",
        book: "Saitoh 6.3.1; TF notes §8.4", minutes: 30,
        hints: [
            "dβ and dγ first, as for Affine's db: β is added to every row, so dβ = dout.sum(alongAxis: 0); γ multiplies x̂, so dγ = (dout * xHat).sum(alongAxis: 0). Then dx̂ = dout * gamma.",
            "If μ and σ² were constants, dx would be dx̂ · inverseDeviation. They are not: moving one xₙ moves μ (which takes (1/N)·Σ dx̂ · inverseDeviation away from every row) and σ² (which takes (1/N)·x̂ · Σ(dx̂ · x̂) · inverseDeviation away).",
            "let n = Double(dout.shape[0]); dx = (gamma * inverseDeviation / n) * (n * dout - dout.sum(alongAxis: 0) - xHat * (dout * xHat).sum(alongAxis: 0))",
        ],
        solution: "Sources/GradLab/Layers/Normalization/BatchNorm.swift: BatchNorm.backwardSimplified (the closed form) "
            + "and BatchNorm.backwardStepByStep (node by node)",
        check: { checkBatchNorm { dout, _, xHat, gamma, inverse in
            try myBatchNormBackward(dout: dout, normalized: xHat, gamma: gamma, inverseDeviation: inverse)
        } },
        checkReference: {
            // Both of the library's backward passes, through the same check.
            let simplified = checkBatchNorm(referenceBatchNorm(.simplified))
            guard simplified.isPassed else { return simplified }
            return checkBatchNorm(referenceBatchNorm(.stepByStep))
        },
        wrongAnswers: [
            WrongAnswer("μ and σ² held constant: dx = γ · dout / √(σ² + ε)") {
                checkBatchNorm { dout, _, xHat, gamma, inverse in
                    (dout * gamma * inverse, (dout * xHat).sum(alongAxis: 0), dout.sum(alongAxis: 0))
                }
            },
            WrongAnswer("forgot the path through μ: no − Σ dout") {
                checkBatchNorm { dout, _, xHat, gamma, inverse in
                    let n = Double(dout.shape[0])
                    let dx = (gamma * inverse / n) * (n * dout - xHat * (dout * xHat).sum(alongAxis: 0))
                    return (dx, (dout * xHat).sum(alongAxis: 0), dout.sum(alongAxis: 0))
                }
            },
            WrongAnswer("forgot the path through σ²: no − x̂ · Σ dout · x̂") {
                checkBatchNorm { dout, _, xHat, gamma, inverse in
                    let n = Double(dout.shape[0])
                    let dx = (gamma * inverse / n) * (n * dout - dout.sum(alongAxis: 0))
                    return (dx, (dout * xHat).sum(alongAxis: 0), dout.sum(alongAxis: 0))
                }
            },
            WrongAnswer("forgot γ in dx") {
                checkBatchNorm { dout, _, xHat, _, inverse in
                    let n = Double(dout.shape[0])
                    let sums = dout.sum(alongAxis: 0), weighted = (dout * xHat).sum(alongAxis: 0)
                    return ((inverse / n) * (n * dout - sums - xHat * weighted), weighted, sums)
                }
            },
            WrongAnswer("dγ and dβ swapped") {
                checkBatchNorm { dout, x, xHat, gamma, inverse in
                    let right = try referenceBatchNorm(.simplified)(dout, x, xHat, gamma, inverse)
                    return (right.dx, right.dBeta, right.dGamma)
                }
            },
        ])

    typealias BatchNormBackwardFunction = @Sendable (_ dout: Tensor, _ x: Tensor, _ xHat: Tensor, _ gamma: Tensor,
                                                     _ inverseDeviation: Tensor) throws -> (dx: Tensor, dGamma: Tensor, dBeta: Tensor)

    /// The library's BatchNorm, run forward on x with the same γ, then backward by `method`.
    static func referenceBatchNorm(_ method: BatchNorm.BackwardMethod) -> BatchNormBackwardFunction {
        { dout, x, _, gamma, _ in
            var layer = BatchNorm(features: gamma.count, epsilon: batchNormEpsilon)
            layer.gamma = gamma
            layer.backwardMethod = method
            _ = layer.forward(x)
            let dx = layer.backward(dout)
            return (dx, layer.gradients[0].value, layer.gradients[1].value)
        }
    }

    /// ε under the square root, as the library's (10⁻⁶).
    static let batchNormEpsilon = 1e-6

    /// The training forward pass, written out here so that the check does not lean on the
    /// library's layer: y = γ · x̂ + β, and x̂ and 1/√(σ² + ε) for backward.
    static func batchNormForward(_ x: Tensor, gamma: Tensor, beta: Tensor) -> (y: Tensor, xHat: Tensor, inverseDeviation: Tensor) {
        let mean = x.mean(alongAxis: 0)
        let variance = ((x - mean) * (x - mean)).mean(alongAxis: 0)
        let inverse = variance.map { 1 / ($0 + batchNormEpsilon).squareRoot() }
        let xHat = (x - mean) * inverse
        return (gamma * xHat + beta, xHat, inverse)
    }

    /// BatchNorm with a student's (or the reference's, or a wrong) backward.
    struct StudentBatchNorm: Layer {
        var gamma: Tensor, beta: Tensor
        let backwardFunction: BatchNormBackwardFunction
        private var cache: (x: Tensor, xHat: Tensor, inverse: Tensor)?
        private var grads: (Tensor, Tensor)?

        init(gamma: Tensor, beta: Tensor, backward: @escaping BatchNormBackwardFunction) {
            self.gamma = gamma
            self.beta = beta
            backwardFunction = backward
        }

        mutating func forward(_ x: Tensor) -> Tensor {
            let (y, xHat, inverse) = batchNormForward(x, gamma: gamma, beta: beta)
            cache = (x, xHat, inverse)
            return y
        }

        mutating func backward(_ dout: Tensor) -> Tensor {
            guard let (x, xHat, inverse) = cache else { preconditionFailure("backward called before forward") }
            do {
                let result = try backwardFunction(dout, x, xHat, gamma, inverse)
                grads = (result.dGamma, result.dBeta)
                return result.dx
            } catch {
                // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
                grads = (Tensor(shape: gamma.shape, repeating: .nan), Tensor(shape: beta.shape, repeating: .nan))
                return Tensor(shape: x.shape, repeating: .nan)
            }
        }

        var parameters: [NamedTensor] {
            get { [NamedTensor("gamma", gamma), NamedTensor("beta", beta)] }
            set { gamma = newValue[0].value; beta = newValue[1].value }
        }

        var gradients: [NamedTensor] {
            [NamedTensor("gamma", grads?.0 ?? .zeros(like: gamma)), NamedTensor("beta", grads?.1 ?? .zeros(like: beta))]
        }
    }

    /// The largest magnitude of a vector's elements.
    static func largest(_ t: Tensor) -> Double { t.scalars.map(abs).max() ?? 0 }

    /// What is wrong with dx, read from what any right dx satisfies: y does not change when a
    /// feature is shifted (so Σₙ dx = 0) or stretched about its mean (so Σₙ dx · x̂ = 0, up to ε);
    /// then a factor per feature (γ), then the usual fingerprints.
    static func batchNormDiagnosis(dx: Tensor, numerical: Tensor, xHat: Tensor, gamma: Tensor) -> String {
        let scale = dx.norm + numerical.norm
        let sums = dx.sum(alongAxis: 0), projections = (dx * xHat).sum(alongAxis: 0)
        let shifted = largest(sums) > 1e-6 * scale, stretched = largest(projections) > 1e-4 * scale * xHat.norm
        func list(_ t: Tensor) -> String { "[" + t.scalars.map(rounded).joined(separator: ", ") + "]" }
        if shifted && stretched {
            return "; dx: Σ over the batch of dx is \(list(sums)), and Σ dx · x̂ is \(list(projections)), not 0: "
                + "μ and σ² were held constant, but in training both depend on every x of the batch"
        }
        if shifted {
            return "; dx: Σ over the batch of dx is \(list(sums)), not 0; y does not change when a whole feature is shifted, "
                + "so dx must sum to 0 over the batch: the path through μ is missing or wrong"
        }
        if stretched {
            return "; dx: Σ dx · x̂ over the batch is \(list(projections)), not 0; y does not change when a feature is stretched "
                + "about its mean, so dx must be orthogonal to x̂: the path through σ² is missing or wrong"
        }
        let columns = dx.shape[1]
        let ratios = (0..<columns).map { d in (0..<dx.shape[0]).map { n in dx[n, d] / numerical[n, d] } }
        if ratios.allSatisfy({ column in column.allSatisfy { abs($0 - column[0]) <= 1e-6 * abs(column[0]) } }) {
            let perFeature = ratios.map { $0[0] }
            if zip(perFeature, gamma.scalars).allSatisfy({ abs($0 * $1 - 1) < 1e-6 }) {
                return "; dx: yours / numerical is 1/γ in every feature (\(perFeature.map(rounded).joined(separator: ", "))): multiply by γ"
            }
        }
        return diagnoseAll([("dx", dx, numerical)], batch: dx.shape[0])
    }

    /// A batch of 6 samples of 3 features with different means and spreads, γ far from 1.
    static func checkBatchNorm(_ implementation: @escaping BatchNormBackwardFunction) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 24)
        let x = Tensor.randomNormal(shape: [6, 3], using: &generator) * Tensor([0.5, 2, 1]) + Tensor([2, -1, 0.5])
        let gamma = Tensor([1.5, -0.7, 0.9]), beta = Tensor([0.3, -0.2, 0.1])
        let g = Tensor.randomNormal(shape: [6, 3], using: &generator)
        let (_, xHat, inverse) = batchNormForward(x, gamma: gamma, beta: beta)
        return attempt({ try implementation(g, x, xHat, gamma, inverse) }) { result in
            guard result.dx.shape == x.shape, result.dGamma.shape == gamma.shape, result.dBeta.shape == beta.shape else {
                return .failed("shapes: dx \(result.dx.shape) (want \(x.shape)), dγ \(result.dGamma.shape) (want \(gamma.shape)), "
                               + "dβ \(result.dBeta.shape) (want \(beta.shape))"
                               + (result.dBeta.shape == x.shape || result.dGamma.shape == x.shape ? "; dγ and dβ sum over the batch" : ""))
            }
            let layer = StudentBatchNorm(gamma: gamma, beta: beta, backward: implementation)
            let outcome = judge(checkLayer(layer, input: x, seed: 25))
            if case .passed(let text) = outcome {
                return .passed(text + "; Σ dx over the batch is 0 in every feature (largest \(rounded(largest(result.dx.sum(alongAxis: 0))))), "
                               + "as it must be: shifting a whole feature leaves y unchanged")
            }
            guard case .failed(let text) = outcome else { return outcome }
            // L = Σ g ⊙ BatchNorm(x): its numerical gradients are what backward(g) should give.
            let numerical = GradLab.numericalGradient(of: summed(against: g) { batchNormForward($0, gamma: gamma, beta: beta).y }, at: x)
            let numericalGamma = GradLab.numericalGradient(of: summed(against: g) { batchNormForward(x, gamma: $0, beta: beta).y }, at: gamma)
            let numericalBeta = GradLab.numericalGradient(of: summed(against: g) { batchNormForward(x, gamma: gamma, beta: $0).y }, at: beta)
            var why = batchNormDiagnosis(dx: result.dx, numerical: numerical, xHat: xHat, gamma: gamma)
            let close: (Tensor, Tensor) -> Bool = { ($0 - $1).norm <= 1e-6 * ($0.norm + $1.norm) }
            if close(result.dGamma, numericalBeta) && close(result.dBeta, numericalGamma) {
                why += "; dγ and dβ are swapped: β is added (dβ = Σ dout), γ multiplies x̂ (dγ = Σ dout · x̂)"
            } else {
                why += diagnoseAll([("dγ", result.dGamma, numericalGamma), ("dβ", result.dBeta, numericalBeta)], batch: x.shape[0])
            }
            return .failed(text + why)
        }
    }
}

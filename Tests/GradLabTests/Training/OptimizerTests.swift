import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Each optimizer on f(θ) = ½·θ², whose gradient is θ and whose minimum is 0.
@Suite("Optimizers")
struct OptimizerTests {
    func step(_ optimizer: inout some Optimizer, _ theta: inout Tensor) {
        var parameters = Parameters([NamedTensor("θ", theta)])
        optimizer.update(&parameters, with: parameters)
        theta = parameters["θ"]
    }

    @Test func sgdMatchesClosedForm() {
        // θₖ = (1 − η)ᵏ θ₀.
        var sgd = SGD(learningRate: 0.1)
        var theta = Tensor([2, -4])
        for _ in 0..<10 { step(&sgd, &theta) }
        expectClose(theta, Tensor([2, -4]) * pow(0.9, 10), tolerance: Tolerance.rounding)
    }

    @Test func momentumByHand() {
        // v₁ = −η·θ₀ = −0.2, θ₁ = 1.8; v₂ = 0.9·(−0.2) − 0.1·1.8 = −0.36, θ₂ = 1.44.
        var momentum = Momentum(learningRate: 0.1, momentum: 0.9)
        var theta = Tensor([2])
        step(&momentum, &theta)
        #expect(abs(theta[0] - 1.8) < Tolerance.rounding)
        step(&momentum, &theta)
        #expect(abs(theta[0] - 1.44) < Tolerance.rounding)
    }

    @Test func adaGradFirstStepIsTheLearningRate() {
        // h = g², so the first step is η·g/(|g| + 10⁻⁷) ≈ η·sign(g).
        var adagrad = AdaGrad(learningRate: 0.5)
        var theta = Tensor([3, -2])
        step(&adagrad, &theta)
        let first: Double = 3 - 0.5 * 3 / (3 + 1e-7)
        let second: Double = -2 + 0.5 * 2 / (2 + 1e-7)
        expectClose(theta, Tensor([first, second]), tolerance: Tolerance.rounding)
    }

    @Test func rmspropFirstStep() {
        // h = (1 − ρ)·g², so the first step is η·g/(√(1 − ρ)·|g| + ε) = η/√0.1 for ρ = 0.9.
        var rmsprop = RMSprop(learningRate: 0.01)
        var theta = Tensor([1])
        step(&rmsprop, &theta)
        #expect(abs(theta[0] - (1 - 0.01 / (0.1.squareRoot() + 1e-7))) < Tolerance.rounding)
    }

    @Test func adamFirstStepIsTheLearningRate() {
        // Bias correction makes m̂ = g and v̂ = g² at t = 1: the step is η·g/(|g| + ε).
        var adam = Adam(learningRate: 0.1)
        var theta = Tensor([5])
        step(&adam, &theta)
        #expect(abs(theta[0] - (5 - 0.1 * 5 / (5 + 1e-7))) < Tolerance.rounding)
        #expect(adam.step == 1)
    }

    @Test(arguments: OptimizerKind.allCases)
    func everyOptimizerFindsTheMinimum(kind: OptimizerKind) {
        // Steps shrink near 0 for SGD and Momentum; adaptive methods move about η per step, so
        // they get 2000 steps of a larger η to reach and settle at 0.
        let rates: [OptimizerKind: Double] = [.sgd: 0.1, .momentum: 0.05, .adagrad: 0.5, .rmsprop: 0.01, .adam: 0.05]
        var optimizer = kind.make(learningRate: rates[kind]!)
        var theta = Tensor([1.5, -0.8])
        for _ in 0..<2000 { step(&optimizer, &theta) }
        #expect(theta.norm < 0.05, "\(kind): \(theta)")
    }

    @Test func defaultLearningRates() {
        #expect(OptimizerKind.sgd.defaultLearningRate == 0.1)
        #expect(OptimizerKind.rmsprop.defaultLearningRate == 0.001)
        #expect(OptimizerKind.adam.defaultLearningRate == 0.001)
        #expect(OptimizerKind.adam.make().learningRate == 0.001)
    }
}

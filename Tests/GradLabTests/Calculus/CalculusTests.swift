import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Numerical differentiation")
struct NumericalDerivativeTests {
    /// The book's function_1, y = 0.01x² + 0.1x, whose derivative is 0.02x + 0.1.
    static func function1(_ x: Double) -> Double { 0.01 * x * x + 0.1 * x }

    @Test func bookExampleAtFiveAndTen() {
        // The book prints 0.1999999999990898 and 0.2999999999986347; the exact values are 0.2 and 0.3.
        #expect(abs(numericalDerivative(of: Self.function1, at: 5) - 0.2) < Tolerance.centralDifference)
        #expect(abs(numericalDerivative(of: Self.function1, at: 10) - 0.3) < Tolerance.centralDifference)
    }

    @Test func everySchemeApproachesTheDerivativeOfExp() {
        // d/dx eˣ = eˣ. Truncation errors at h = 10⁻³: forward ≈ h·e/2 ≈ 1.4e-3,
        // central ≈ h²·e/6 ≈ 4.5e-7, five-point ≈ h⁴·e/30 ≈ 1e-13 (then round-off ε·e/h ≈ 6e-13).
        let exact = M_E
        #expect(abs(numericalDerivative(of: exp, at: 1, h: 1e-3, scheme: .forward) - exact) < 2e-3)
        #expect(abs(numericalDerivative(of: exp, at: 1, h: 1e-3, scheme: .central) - exact) < 1e-6)
        #expect(abs(numericalDerivative(of: exp, at: 1, h: 1e-3, scheme: .fivePoint) - exact) < 5e-12)
    }

    @Test func forwardDifferenceWithTinyStepIsExactlyZero() {
        // 5 + 10⁻³⁰ rounds to 5: the numerator is exactly 0, the rounding-error example.
        #expect(numericalDerivative(of: Self.function1, at: 5, h: 1e-30, scheme: .forward) == 0)
    }

    @Test func stepSizeStudyShowsTheV() {
        let study = StepSizeStudy(of: exp, exactDerivative: M_E, at: 1)
        #expect(study.rows.count == 31)  // 10⁻¹ … 10⁻¹⁶ in half-decades
        func error(_ h: Double, _ scheme: DifferenceScheme) -> Double {
            study.rows.first { abs(log10($0.h) - log10(h)) < 1e-9 }!.errors[scheme]!
        }
        // Right arm: truncation error falls by 10^order per decade of h.
        #expect((5.0...20.0).contains(error(1e-2, .forward) / error(1e-3, .forward)))
        #expect((50.0...200.0).contains(error(1e-2, .central) / error(1e-3, .central)))
        #expect((5e3...2e4).contains(error(1e-1, .fivePoint) / error(1e-2, .fivePoint)))
        // Left arm: rounding error grows as h shrinks.
        #expect(error(1e-14, .central) > error(1e-6, .central))
        // The empirical best step sits within a decade and a half of the theory.
        for scheme in DifferenceScheme.allCases {
            let best = study.bestStep(for: scheme)!.h
            let theory = StepSizeStudy.theoreticalBestStep(for: scheme)
            #expect(abs(log10(best) - log10(theory)) <= 1.5, "\(scheme): best h \(best), theory \(theory)")
        }
    }
}

@Suite("Numerical gradient")
struct NumericalGradientTests {
    /// The book's function_2, f(x) = x₀² + x₁², whose gradient is (2x₀, 2x₁).
    static func function2(_ x: Tensor) -> Double { x.scalars.reduce(0) { $0 + $1 * $1 } }

    @Test func bookExamples() {
        // The book prints [6. 8.], [0. 4.] and [6. 0.].
        let cases: [([Double], [Double])] = [([3, 4], [6, 8]), ([0, 2], [0, 4]), ([3, 0], [6, 0])]
        for (point, gradient) in cases {
            expectClose(numericalGradient(of: Self.function2, at: Tensor(point)), Tensor(gradient),
                        tolerance: Tolerance.centralDifference)
        }
    }

    @Test func worksOnAnyShapeAndLeavesTheInputAlone() {
        let x = randomTensor([2, 3, 2], seed: 11)
        let before = x
        var evaluations = 0
        let gradient = numericalGradient(of: { evaluations += 1; return Self.function2($0) }, at: x)
        #expect(x == before)
        #expect(evaluations == 2 * x.count)
        expectClose(gradient, 2 * x, tolerance: Tolerance.centralDifference)
    }

    @Test func emptyTensorHasEmptyGradient() {
        #expect(numericalGradient(of: { _ in 1 }, at: Tensor.zeros([0])).count == 0)
    }

    @Test func gradientDescentReachesTheBookResult() {
        // Each step multiplies x by 1 − 2·0.1 = 0.8, so 100 steps give 0.8¹⁰⁰ · (−3, 4). The book
        // prints [-6.11110793e-10, 8.14814391e-10].
        let result = gradientDescent(of: Self.function2, from: Tensor([-3, 4]), learningRate: 0.1, steps: 100)
        let factor = pow(0.8, 100.0)
        #expect(result.path.count == 101)
        #expect(result.path[0] == Tensor([-3, 4]))
        #expect(abs(result.finalPoint[0] / (-3 * factor) - 1) < 1e-6)
        #expect(abs(result.finalPoint[1] / (4 * factor) - 1) < 1e-6)
        #expect(abs(result.finalPoint[0] - -6.11110793e-10) < 1e-17)
        #expect(abs(result.finalPoint[1] - 8.14814391e-10) < 1e-17)
    }

    @Test func learningRateTooLargeOrTooSmall() {
        // The book: lr = 10 diverges to huge values, lr = 1e-10 barely moves from (−3, 4).
        // Each step multiplies x by −19 until x ± h rounds back to x and the numerical gradient
        // vanishes; the book prints where that leaves it: [-2.58983747e+13, -1.29524862e+12].
        let large = gradientDescent(of: Self.function2, from: Tensor([-3, 4]), learningRate: 10, steps: 100)
        #expect(abs(large.finalPoint[0] / -2.58983747e+13 - 1) < 1e-8)
        #expect(abs(large.finalPoint[1] / -1.29524862e+12 - 1) < 1e-8)
        let small = gradientDescent(of: Self.function2, from: Tensor([-3, 4]), learningRate: 1e-10, steps: 100)
        #expect((small.finalPoint - Tensor([-3, 4])).norm < 1e-6)
    }
}

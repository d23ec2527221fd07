import Foundation
import GradLab
import Testing

@Suite("The complex step")
struct ComplexStepTests {
    /// The issue's figure: f(x) = eˣ / √(sin³x + cos³x), written once for each number type.
    static func f(_ x: Complex) -> Complex { exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }
    static func f(_ x: Double) -> Double {
        Foundation.exp(x) / (Foundation.pow(Foundation.sin(x), 3) + Foundation.pow(Foundation.cos(x), 3)).squareRoot()
    }
    /// f′(1.5) as the issue gives it, to 15 digits.
    static let issueDerivative = 4.05342789389862
    /// f′(1.5) from mpmath with 40 digits, rounded to 20.
    static let preciseDerivative = 4.0534278938986206577

    /// How far the complex step may be from the 15-digit figure: the figure itself is rounded
    /// at 5·10⁻¹⁵, and the method is good to an ulp or two (ulp 8.9·10⁻¹⁶ here), so 10⁻¹⁴
    /// leaves room; the central difference is a thousand times further off.
    static let complexStepTolerance = 1e-14

    @Test func reachesFullPrecisionOnTheIssueFunction() {
        // Measured: 4.053427893898621, 8.9·10⁻¹⁶ (one ulp) from the issue's 4.05342789389862, and
        // the Double nearest the 40-digit value (error 0 against 4.0534278938986206577).
        let derivative = complexStepDerivative(of: Self.f, at: 1.5)
        #expect(abs(derivative - Self.issueDerivative) <= Self.complexStepTolerance)
        expectRelative(derivative, Self.preciseDerivative, tolerance: Tolerance.fewUlps)
        // Any tiny h gives the same digits: nothing cancels, so nothing is magnified.
        for h in [1e-10, 1e-50, 1e-100, 1e-300] {
            expectRelative(complexStepDerivative(of: Self.f, at: 1.5, h: h), Self.preciseDerivative,
                           tolerance: Tolerance.fewUlps, "h = \(h)")
        }
        // Real exponents take the polar route: the same digits.
        let polar = complexStepDerivative(of: { x in exp(x) / sqrt(pow(sin(x), 3.0) + pow(cos(x), 3.0)) }, at: 1.5)
        expectRelative(polar, Self.preciseDerivative, tolerance: Tolerance.fewUlps)
    }

    @Test func theCentralDifferenceCannotGetThere() {
        // Over h = 10⁻¹, 10^−1.5, …, 10⁻¹² the central difference is at best 2.6·10⁻¹¹ off
        // (measured, at h = 10^−5.5): truncation h²·f‴/6 on the right, rounding ε·|f|/h on the left.
        let steps = stride(from: -1.0, through: -12.0, by: -0.5).map { Foundation.pow(10, $0) }
        let best = steps.map { abs(numericalDerivative(of: Self.f, at: 1.5, h: $0) - Self.preciseDerivative) }.min()!
        #expect(best > 1e-12)
        #expect(best < 1e-9)  // and not because the function is wrong: it does get close
        // The complex step beats the best step a thousand times over.
        #expect(abs(complexStepDerivative(of: Self.f, at: 1.5) - Self.preciseDerivative) < best / 1000)
    }

    @Test func agreesWithForwardMode() {
        // Two exact methods, two different computations: they agree to a few ulps.
        let forward = derivative(of: { x in exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }, at: 1.5)
        expectRelative(complexStepDerivative(of: Self.f, at: 1.5), forward, tolerance: Tolerance.fewUlps)
    }

    @Test func elementaryFunctionsMatchTheirClosedForms() {
        // Im f(x + ih)/h is f′(x)·h/h, rounded a few times: Tolerance.fewUlps.
        for x in [-2.5, -0.5, 0.3, 1, 4] {
            expectRelative(complexStepDerivative(of: exp, at: x), Foundation.exp(x), tolerance: Tolerance.fewUlps, "exp at \(x)")
            expectRelative(complexStepDerivative(of: sin, at: x), Foundation.cos(x), tolerance: Tolerance.fewUlps, "sin at \(x)")
            expectRelative(complexStepDerivative(of: cos, at: x), -Foundation.sin(x), tolerance: Tolerance.fewUlps, "cos at \(x)")
            expectRelative(complexStepDerivative(of: { 1 / $0 }, at: x), -1 / (x * x), tolerance: Tolerance.fewUlps, "1/x at \(x)")
            expectRelative(complexStepDerivative(of: { pow($0, 3) }, at: x), 3 * x * x, tolerance: Tolerance.fewUlps,
                           "x³ at \(x)")
            expectRelative(complexStepDerivative(of: { pow($0, 3.0) }, at: x), 3 * x * x, tolerance: Tolerance.fewUlps,
                           "x^3.0 at \(x)")
            // No complex sigmoid is built in; written from exp, as the type's documentation says.
            // σ′ = e⁻ˣ/(1 + e⁻ˣ)², not σ(1 − σ), whose subtraction would cost digits for x > 1.
            let e = Foundation.exp(-x)
            expectRelative(complexStepDerivative(of: { 1 / (1 + exp(-$0)) }, at: x), e / ((1 + e) * (1 + e)),
                           tolerance: Tolerance.fewUlps, "sigmoid at \(x)")
            if x > 0 {
                expectRelative(complexStepDerivative(of: log, at: x), 1 / x, tolerance: Tolerance.fewUlps, "log at \(x)")
                expectRelative(complexStepDerivative(of: sqrt, at: x), 0.5 / x.squareRoot(), tolerance: Tolerance.fewUlps,
                               "sqrt at \(x)")
                expectRelative(complexStepDerivative(of: { pow($0, -0.75) }, at: x), -0.75 * Foundation.pow(x, -1.75),
                               tolerance: Tolerance.fewUlps, "x^−0.75 at \(x)")
            }
        }
    }

    @Test func aNonAnalyticFunctionBreaksIt() {
        // |x| has slope 1 at 2, but |x + ih| is real: its imaginary part, and so the
        // "derivative", is 0. The complex step needs analytic functions.
        #expect(complexStepDerivative(of: { Complex($0.magnitude) }, at: 2) == 0)
        // The conjugate flips the sign of the answer.
        #expect(complexStepDerivative(of: { $0.conjugate * $0.conjugate }, at: 2) == -4)
    }
}

@Suite("Complex-step study")
struct ComplexStepStudyTests {
    @Test func theComplexStepHasNoLeftArm() {
        let study = ComplexStepStudy(of: ComplexStepTests.f, exactDerivative: ComplexStepTests.preciseDerivative, at: 1.5)
        #expect(study.rows.count == 39)  // 10⁻¹ … 10⁻²⁰ in half-decades
        #expect(study.rows.first!.h == 0.1)
        func row(_ h: Double) -> ComplexStepStudy.Row { study.rows.first { abs(log10($0.h) - log10(h)) < 1e-9 }! }
        // Right arm: truncation h²·f‴/6 for the complex step as for the central difference,
        // 100 times smaller per decade (measured: 99.0 from 10⁻¹ to 10⁻²).
        #expect((50.0...200.0).contains(row(1e-1).complexStepError / row(1e-2).complexStepError))
        // No left arm: from h = 10⁻⁸ on, every complex-step error is at rounding level (measured:
        // 0 or 8.9·10⁻¹⁶, one ulp of 4.05), while the central difference loses everything
        // (at h = 10⁻¹⁶, x ± h = x and the estimate is 0).
        for r in study.rows where r.h <= 1e-8 {
            #expect(r.complexStepError <= ComplexStepTests.complexStepTolerance, "h = \(r.h)")
        }
        #expect(row(1e-16).errors[.central]! == ComplexStepTests.preciseDerivative)
        // The best central difference (2.6·10⁻¹¹ at 10^−5.5) and even the best five-point
        // stencil (2.3·10⁻¹³ at 10^−3.5) stay far above the complex step's worst small step.
        let flat = study.rows.filter { $0.h <= 1e-8 }.map(\.complexStepError).max()!
        #expect(flat * 1000 < study.bestStep(for: .central)!.errors[.central]!)
        #expect(flat * 100 < study.bestStep(for: .fivePoint)!.errors[.fivePoint]!)
        #expect(study.bestComplexStep()!.h <= 1e-8)
    }

    @Test func differenceColumnsAreTheStepSizeStudy() {
        // The finite differences run on Re f(t + 0i), which on the real axis is eˣ exactly.
        let study = ComplexStepStudy(of: exp, exactDerivative: M_E, at: 1, steps: StepSizeStudy.defaultSteps)
        let real = StepSizeStudy(of: exp, exactDerivative: M_E, at: 1)
        #expect(study.rows.map(\.h) == real.rows.map(\.h))
        #expect(study.rows.map(\.errors) == real.rows.map(\.errors))
        #expect(study.bestStep(for: .central)!.h == real.bestStep(for: .central)!.h)
    }
}

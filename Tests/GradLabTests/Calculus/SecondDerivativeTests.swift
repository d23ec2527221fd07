import Foundation
import GradLab
import Testing

@Suite("Numerical second derivative")
struct SecondDerivativeTests {
    /// The rounding error of the three-point formula with h = 10⁻⁴: the documented 4ε·|f|/h²
    /// (each value of f off by about ε·|f|, weighted 1 + 2 + 1), plus ε·|x·f′|/h² because x ± h
    /// is itself rounded to the nearest Double, which moves each f(x ± h) by up to |f′|·ε|x|/2.
    static func roundingBound(x: Double, f: Double, derivative: Double, h: Double = 1e-4) -> Double {
        Double.ulpOfOne * (4 * abs(f) + abs(x * derivative)) / (h * h)
    }

    @Test func cubeAtTwoIsTwelve() {
        // (x³)″ = 6x = 12 at 2. f⁗ = 0, so there is no truncation error (the formula is exact on
        // cubics); only rounding is left, ε·(4·8 + 2·12)/h² ≈ 1.2·10⁻⁶ (measured: 1.9·10⁻⁷).
        let estimate = numericalSecondDerivative(of: { $0 * $0 * $0 }, at: 2)
        #expect(abs(estimate - 12) <= Self.roundingBound(x: 2, f: 8, derivative: 12))
    }

    @Test func sineAtOne() {
        // (sin)″ = −sin. Truncation h²·|sin 1|/12 ≈ 7·10⁻¹⁰ plus rounding ε·(4 sin 1 + cos 1)/h²
        // ≈ 8.7·10⁻⁸ (measured: 3.0·10⁻⁹).
        let estimate = numericalSecondDerivative(of: sin, at: 1)
        let truncation = 1e-8 * Foundation.sin(1.0) / 12
        let rounding = Self.roundingBound(x: 1, f: Foundation.sin(1.0), derivative: Foundation.cos(1.0))
        #expect(abs(estimate + Foundation.sin(1.0)) <= truncation + rounding)
    }

    @Test func expAtSeveralPoints() {
        // (eˣ)″ = eˣ, with truncation h²·eˣ/12 and rounding ε·(4 + |x|)·eˣ/h², relative to eˣ
        // 8.3·10⁻¹⁰ + 8.9·10⁻⁸ to 1.6·10⁻⁷ (measured: 3.1·10⁻⁸, 5.0·10⁻⁹, 1.4·10⁻⁸, 6.7·10⁻⁹).
        for x in [-2.0, 0, 1, 3] {
            let exact = Foundation.exp(x)
            let estimate = numericalSecondDerivative(of: exp, at: x)
            #expect(abs(estimate - exact) <= 1e-8 * exact / 12 + Self.roundingBound(x: x, f: exact, derivative: exact),
                    "at \(x)")
        }
    }

    @Test func truncationErrorIsHSquaredTimesTheFourthDerivativeOverTwelve() {
        // With h = 10⁻², rounding (≈ 10⁻¹¹) is negligible and the error is the truncation term
        // h²·f⁗/12, up to the next term of the series, h⁴·f⁽⁶⁾/360, which is h²/30 ≈ 3·10⁻⁶ of it.
        let h = 1e-2
        let sineError = numericalSecondDerivative(of: sin, at: 1, h: h) + Foundation.sin(1.0)
        #expect(abs(sineError / (h * h * Foundation.sin(1.0) / 12) - 1) < 1e-4)  // (sin)⁗ = sin
        let expError = numericalSecondDerivative(of: exp, at: 1, h: h) - M_E
        #expect(abs(expError / (h * h * M_E / 12) - 1) < 1e-4)  // (eˣ)⁗ = eˣ
    }

    @Test func aStepGoodForTheFirstDerivativeIsNoiseForTheSecond() {
        // h = 10⁻⁸ makes h² = 10⁻¹⁶, the size of one rounding: 2³ and (2 ± 10⁻⁸)³ round so
        // that the numerator is exactly 0, and the estimate of 12 is 0. (Pure arithmetic, no
        // library function: the same bits on every machine.)
        #expect(numericalSecondDerivative(of: { $0 * $0 * $0 }, at: 2, h: 1e-8) == 0)
        // Near the theoretical best step ε^(1/4) ≈ 1.2·10⁻⁴ the error is near its minimum √ε ≈ 10⁻⁸;
        // a hundred times larger or smaller it is far worse (measured for sin at 1:
        // 3·10⁻⁹ at 10⁻⁴, 7·10⁻⁶ at 10⁻², 8·10⁻⁵ at 10⁻⁶).
        let best = abs(numericalSecondDerivative(of: sin, at: 1, h: 1e-4) + Foundation.sin(1.0))
        #expect(best < abs(numericalSecondDerivative(of: sin, at: 1, h: 1e-2) + Foundation.sin(1.0)))
        #expect(best < abs(numericalSecondDerivative(of: sin, at: 1, h: 1e-6) + Foundation.sin(1.0)))
    }
}

import Foundation
import GradLab
import Testing

@Suite("Forward mode: dual numbers")
struct DualTests {
    @Test func polynomialIsExact() {
        // x² + x³ at 3: value 9 + 27 = 36, derivative 2·3 + 3·9 = 33. Every intermediate is a
        // small integer, which a Double holds exactly, so the answer is exact, not close.
        let result = valueAndDerivative(of: { x in x * x + x * x * x }, at: 3)
        #expect(result.value == 36)
        #expect(result.derivative == 33)
        #expect(derivative(of: { x in x * x + x * x * x }, at: 3) == 33)
        // The same polynomial through pow: Foundation's pow is exact on small integer powers.
        #expect(derivative(of: { x in pow(x, 2) + pow(x, 3) }, at: 3) == 33)
    }

    @Test func seedsAndConstants() {
        #expect(Dual.variable(3) == Dual(3, derivative: 1))
        #expect(Dual.constant(3) == Dual(3, derivative: 0))
        #expect(Dual(3) == Dual.constant(3))
        #expect(Dual(36, derivative: 33).description == "36.0 + 33.0ε")
        #expect(Dual(3, derivative: -1).description == "3.0 - 1.0ε")
        // A function that ignores x has derivative 0.
        #expect(derivative(of: { _ in Dual(5) }, at: 1) == 0)
    }

    @Test func operatorsWithDoublesOnEitherSide() {
        // At x = 2 every value and derivative below is a small integer or a half: exact.
        let x = Dual.variable(2)
        #expect(x + 5 == Dual(7, derivative: 1))
        #expect(5 + x == Dual(7, derivative: 1))
        #expect(x - 5 == Dual(-3, derivative: 1))
        #expect(5 - x == Dual(3, derivative: -1))
        #expect(-x == Dual(-2, derivative: -1))
        #expect(x * 3 == Dual(6, derivative: 3))
        #expect(3 * x == Dual(6, derivative: 3))
        #expect(x / 4 == Dual(0.5, derivative: 0.25))
        #expect(6 / x == Dual(3, derivative: -1.5))  // (6/x)′ = −6/x² = −1.5
        #expect(x * x == Dual(4, derivative: 4))      // product rule: 1·2 + 2·1
        #expect((x * x) / x == Dual(2, derivative: 1))  // quotient rule: (4·2 − 4·1)/4 = 1
        #expect(x - x == Dual(0, derivative: 0))
        var y = x
        y += x
        #expect(y == Dual(4, derivative: 2))
        y *= x
        #expect(y == Dual(8, derivative: 8))   // (2x·x)′ = 4x
        y -= x
        #expect(y == Dual(6, derivative: 7))
        y /= x
        #expect(y == Dual(3, derivative: 2))    // (2x² − x)/x = 2x − 1
    }

    /// Points where each function is defined, with both signs and a range of scales.
    static let points: [Double] = [-3, -1.25, -0.5, 0.1, 0.7, 1, 2.5, 6]
    static let positivePoints: [Double] = [0.01, 0.3, 1, 1.5, 4, 100]

    @Test func elementaryFunctionsMatchTheirClosedForms() {
        // Each rule against the textbook derivative, computed independently where possible
        // (measured: sigmoid differs by 1.4 ulps at worst, the others agree to the last bit).
        for x in Self.points {
            expectRelative(derivative(of: exp, at: x), Foundation.exp(x), tolerance: Tolerance.fewUlps, "exp at \(x)")
            expectRelative(derivative(of: sin, at: x), Foundation.cos(x), tolerance: Tolerance.fewUlps, "sin at \(x)")
            expectRelative(derivative(of: cos, at: x), -Foundation.sin(x), tolerance: Tolerance.fewUlps, "cos at \(x)")
            // tanh′ = sech² = 4/(eˣ + e⁻ˣ)², written from exponentials rather than cosh.
            let sum = Foundation.exp(x) + Foundation.exp(-x)
            expectRelative(derivative(of: tanh, at: x), 4 / (sum * sum), tolerance: Tolerance.fewUlps, "tanh at \(x)")
            // σ′ = e⁻ˣ/(1 + e⁻ˣ)², written from the definition rather than σ(x)σ(−x).
            let e = Foundation.exp(-x)
            expectRelative(derivative(of: sigmoid, at: x), e / ((1 + e) * (1 + e)), tolerance: Tolerance.fewUlps,
                           "sigmoid at \(x)")
        }
        for x in Self.positivePoints {
            expectRelative(derivative(of: log, at: x), 1 / x, tolerance: Tolerance.fewUlps, "log at \(x)")
            expectRelative(derivative(of: sqrt, at: x), 0.5 / x.squareRoot(), tolerance: Tolerance.fewUlps, "sqrt at \(x)")
            for p in [2, 3, 0.5, -1, 2.5, -0.75] {
                expectRelative(derivative(of: { pow($0, p) }, at: x), p * Foundation.pow(x, p - 1),
                               tolerance: Tolerance.fewUlps, "pow(x, \(p)) at \(x)")
            }
        }
    }

    @Test func valuesAreThePlainDoubleValues() {
        // The value part is the same computation on Doubles, so it agrees bit for bit.
        for x in Self.points {
            #expect(valueAndDerivative(of: exp, at: x).value == Foundation.exp(x))
            #expect(valueAndDerivative(of: tanh, at: x).value == Foundation.tanh(x))
            #expect(valueAndDerivative(of: sigmoid, at: x).value == sigmoid(x))
        }
    }

    @Test func saturatedActivationsKeepTheirDigits() {
        // At x = 20, tanh(20) rounds to exactly 1, so 1 − tanh² is 0; the true slope is
        // sech²(20) = 4e⁻⁴⁰/(1 + e⁻⁴⁰)² ≈ 1.7·10⁻¹⁷, which the dual number's 1/cosh² keeps.
        let t = Foundation.tanh(20.0)
        #expect(1 - t * t == 0)
        expectRelative(derivative(of: tanh, at: 20), 4 * Foundation.exp(-40.0), tolerance: Tolerance.fewUlps)
        // Likewise σ(40) rounds to 1, and σ′(40) = e⁻⁴⁰/(1 + e⁻⁴⁰)² ≈ 4.2·10⁻¹⁸.
        #expect(1 - sigmoid(40.0) == 0)
        expectRelative(derivative(of: sigmoid, at: 40), Foundation.exp(-40.0), tolerance: Tolerance.fewUlps)
    }

    @Test func branchesOnTheValue() {
        // ReLU written on duals: the derivative is that of the side taken.
        func relu(_ u: Dual) -> Dual { u.value > 0 ? u : Dual(0) }
        #expect(valueAndDerivative(of: relu, at: 2) == (2, 1))
        #expect(valueAndDerivative(of: relu, at: -2) == (0, 0))
    }

    @Test func powEdgeCases() {
        // x⁰ is the constant 1 even at 0, where the rule's 0·0⁻¹ would be NaN.
        let constant = valueAndDerivative(of: { pow($0, 0) }, at: 0)
        #expect(constant.value == 1 && constant.derivative == 0)
        // √x has a vertical tangent at 0.
        #expect(derivative(of: sqrt, at: 0) == .infinity)
        // x² at 0: slope 0.
        #expect(derivative(of: { pow($0, 2) }, at: 0) == 0)
    }

    /// A composite with every rule: products, quotients, chains, constants on both sides.
    static func composite(_ x: Dual) -> Dual {
        sigmoid(x) * exp(-x / 2) / sqrt(1 + x * x) + log(2 + sin(x)) * cos(x) - tanh(x) * tanh(x)
            + pow(x, 1.5) / (3 - x)
    }

    /// The same text on Doubles.
    static func composite(_ x: Double) -> Double {
        sigmoid(x) * Foundation.exp(-x / 2) / (1 + x * x).squareRoot()
            + Foundation.log(2 + Foundation.sin(x)) * Foundation.cos(x)
            - Foundation.tanh(x) * Foundation.tanh(x) + Foundation.pow(x, 1.5) / (3 - x)
    }

    @Test func compositeAgreesWithTheCentralDifference() {
        // |f‴| ≤ 5.5 at both points (computed to 40 digits with mpmath), so the central
        // difference's truncation error h²·f‴/6 is below 10⁻⁸ and Tolerance.centralDifference holds
        // (measured: 9.1·10⁻⁹ and 8.1·10⁻⁹, almost all of it the difference's truncation).
        for x in [0.5, 1.25] {
            let forward = derivative(of: Self.composite, at: x)
            let central = numericalDerivative(of: Self.composite, at: x)
            #expect(abs(forward - central) < Tolerance.centralDifference, "at \(x): \(forward) vs \(central)")
        }
    }

    @Test func compositeAgreesWithAHighPrecisionReference() {
        // f′ at 0.5 and 1.25 from mpmath with 40 digits, rounded to 20 (measured relative errors:
        // 1.9·10⁻¹⁶ and 4.4·10⁻¹⁶, about one and two ulps).
        let references: [(x: Double, derivative: Double)] = [
            (0.5, -0.59727864049409033786), (1.25, -0.25251932828613035484),
        ]
        for (x, reference) in references {
            let result = valueAndDerivative(of: Self.composite, at: x)
            expectRelative(result.derivative, reference, tolerance: Tolerance.composite, "f′ at \(x)")
            #expect(result.value == Self.composite(x))
        }
    }

    @Test func theIssueFunctionByForwardMode() {
        // f(x) = eˣ / √(sin³x + cos³x) at 1.5: f′ = 4.0534278938986206577… (mpmath, 40 digits).
        // Forward mode gives it to rounding, like the complex step (measured: exactly the Double
        // 4.05342789389862, which is 8.9·10⁻¹⁶ from the true value).
        let forward = derivative(of: { x in exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }, at: 1.5)
        #expect(abs(forward - 4.05342789389862) <= 1e-14)
        expectRelative(forward, 4.0534278938986206577, tolerance: Tolerance.composite)
    }
}

import Foundation
import GradLab
import Testing

@Suite("Complex numbers")
struct ComplexTests {
    /// Asserts both parts within `tolerance` (absolute) of the expected ones.
    func expectClose(
        _ actual: Complex, _ expected: Complex, tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(abs(actual.real - expected.real) <= tolerance && abs(actual.imaginary - expected.imaginary) <= tolerance,
                "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    }

    @Test func arithmeticByHand() {
        // (1 + 2i)(3 − i) = 3 − i + 6i − 2i² = 5 + 5i. Small integers: exact.
        #expect(Complex(1, 2) * Complex(3, -1) == Complex(5, 5))
        #expect(Complex(1, 2) + Complex(3, -1) == Complex(4, 1))
        #expect(Complex(1, 2) - Complex(3, -1) == Complex(-2, 3))
        #expect(-Complex(1, 2) == Complex(-1, -2))
        #expect(Complex.i * Complex.i == Complex(-1, 0))
        #expect(Complex(1, 2).conjugate == Complex(1, -2))
        #expect(Complex(3, 4).magnitude == 5)
        #expect(Complex(-1, 0).argument == Double.pi)
        #expect(Complex(-1, -0.0).argument == -Double.pi)  // the other side of the cut
        // With a Double on either side.
        #expect(Complex(1, 2) + 3 == Complex(4, 2))
        #expect(3 + Complex(1, 2) == Complex(4, 2))
        #expect(Complex(1, 2) - 3 == Complex(-2, 2))
        #expect(3 - Complex(1, 2) == Complex(2, -2))
        #expect(Complex(1, 2) * 3 == Complex(3, 6))
        #expect(3 * Complex(1, 2) == Complex(3, 6))
        #expect(Complex(3, 6) / 3 == Complex(1, 2))
        var z = Complex(1, 2)
        z += Complex(1, 1)
        z -= Complex(0, 1)
        z *= Complex(0, 1)
        #expect(z == Complex(-2, 2))  // (2 + 2i)·i
        z /= Complex(0, 2)
        #expect(z == Complex(1, 1))
    }

    @Test func divisionByHand() {
        // (1 + 2i)/(1 + i) = (1 + 2i)(1 − i)/2 = (3 + i)/2: halves, exact (Smith's first branch).
        #expect(Complex(1, 2) / Complex(1, 1) == Complex(1.5, 0.5))
        // (1 + 2i)/(1 + 3i) = (1 + 2i)(1 − 3i)/10 = (7 − i)/10 (second branch, |d| > |c|);
        // 0.7 and 0.1 are not Doubles, so a few roundings: Tolerance.rounding.
        expectClose(Complex(1, 2) / Complex(1, 3), Complex(0.7, -0.1), tolerance: Tolerance.rounding)
        // (5 + 5i)/(3 − i) undoes the product above.
        expectClose(Complex(5, 5) / Complex(3, -1), Complex(1, 2), tolerance: Tolerance.rounding)
        // Purely real or purely imaginary divisors take the r = 0 path: exact.
        #expect(1 / Complex.i == Complex(0, -1))
        #expect(Complex(6, 4) / Complex(0, 2) == Complex(2, -3))
        #expect(Complex(6, 4) / Complex(2, 0) == Complex(3, 2))
        #expect(2 / Complex(1, 1) == Complex(1, -1))
        // c² + d² would overflow (10⁴⁰⁰), but the quotient is 1/(1 + i) = (1 − i)/2.
        #expect(Complex(1e200, 0) / Complex(1e200, 1e200) == Complex(0.5, -0.5))
    }

    @Test func eulerAndFriends() {
        // exp(iπ) = −1: cos π is exactly −1 in Doubles, sin π is 1.2·10⁻¹⁶ (π is rounded).
        expectClose(exp(Complex(0, Double.pi)), Complex(-1, 0), tolerance: 1e-15)
        // sin(i) = i·sinh 1, cos(i) = cosh 1.
        #expect(sin(Complex.i) == Complex(0, Foundation.sinh(1.0)))
        #expect(cos(Complex.i) == Complex(Foundation.cosh(1.0), -0.0))
        // log(−1) = πi, log(i) = πi/2.
        #expect(log(Complex(-1, 0)) == Complex(0, Double.pi))
        #expect(log(Complex.i) == Complex(0, Double.pi / 2))
        // exp and log undo each other, and sin² + cos² = 1, away from overflow: sums and
        // products of a few terms of order 1 to 10, Tolerance.rounding.
        for z in [Complex(0.5, -1.5), Complex(-2, 0.3), Complex(1, 2)] {
            expectClose(exp(log(z)), z, tolerance: Tolerance.rounding)
            let s = sin(z)
            let c = cos(z)
            expectClose(s * s + c * c, Complex(1, 0), tolerance: Tolerance.rounding)
        }
    }

    @Test func squareRoots() {
        // Exact where the hand calculation is: √−4 = 2i, √(3 + 4i) = 2 + i, √(−3 + 4i) = 1 + 2i.
        #expect(sqrt(Complex(-4, 0)) == Complex(0, 2))
        #expect(sqrt(Complex(-4, -0.0)) == Complex(0, -2))  // the other side of the cut
        #expect(sqrt(Complex(3, 4)) == Complex(2, 1))
        #expect(sqrt(Complex(-3, 4)) == Complex(1, 2))
        #expect(sqrt(Complex(0, 0)) == Complex(0, 0))
        // √i = (1 + i)/√2, to a few roundings.
        expectClose(sqrt(Complex.i), Complex(0.5.squareRoot(), 0.5.squareRoot()), tolerance: Tolerance.rounding)
        // A tiny imaginary part keeps its digits: √(4 + 10⁻²⁰i) = 2 + 2.5·10⁻²¹i (the textbook
        // √((|z| − a)/2) would give 0). Relative, because the part is tiny.
        expectRelative(sqrt(Complex(4, 1e-20)).imaginary, 2.5e-21, tolerance: Tolerance.fewUlps)
        // Squaring undoes it.
        for z in [Complex(0.5, -1.5), Complex(-2, 0.3), Complex(-2, -0.3), Complex(1e-3, 7)] {
            let root = sqrt(z)
            #expect(root.real >= 0)
            expectClose(root * root, z, tolerance: Tolerance.rounding)
        }
    }

    @Test func powers() {
        // Integer powers by repeated products: exact on small Gaussian integers.
        #expect(pow(Complex(1, 1), 4) == Complex(-4, 0))       // (1 + i)² = 2i, (2i)² = −4
        #expect(pow(Complex(1, 1), -2) == Complex(0, -0.5))    // 1/(2i)
        #expect(pow(Complex(2, -1), 0) == Complex(1, 0))
        #expect(pow(Complex(-2, 0), 3) == Complex(-8, 0))
        #expect(pow(Complex(1, 0), Int.min) == Complex(1, 0))  // no overflow negating Int.min
        // Real exponents, principal values: (−8)^(1/3) = 2·e^(iπ/3) = 1 + √3i, not −2.
        expectClose(pow(Complex(-8, 0), 1.0 / 3), Complex(1, 3.0.squareRoot()), tolerance: Tolerance.rounding)
        // Integer exponents through the real-exponent overload are exact on the negative axis:
        // sin(3π) is taken as 0, not the 3.7·10⁻¹⁶ of `sin(3 * .pi)`.
        #expect(pow(Complex(-2, 0), 3.0) == Complex(-8, 0))
        #expect(pow(Complex(-2, 0), 2.0) == Complex(4, 0))
        #expect(pow(Complex(-4, 0), 0.5) == Complex(0, 2))
        expectClose(pow(Complex.i, 2.0), Complex(-1, 0), tolerance: 1e-15)  // π rounded, as exp(iπ)
        // Against the other routes, off the axes.
        for z in [Complex(0.5, -1.5), Complex(-2, 0.3), Complex(-2, -0.3), Complex(3, 4)] {
            expectClose(pow(z, 2.0), z * z, tolerance: Tolerance.rounding)
            expectClose(pow(z, 3.0), pow(z, 3), tolerance: Tolerance.rounding)
            expectClose(pow(z, 0.5), sqrt(z), tolerance: Tolerance.rounding)
            expectClose(pow(z, -1.0), 1 / z, tolerance: Tolerance.rounding)
            expectClose(pow(z, 2.5), exp(2.5 * log(z)), tolerance: Tolerance.rounding)
        }
        // 0ᵖ.
        #expect(pow(Complex(0, 0), 2.0) == Complex(0, 0))
        #expect(pow(Complex(0, 0), 0.0) == Complex(1, 0))
    }

    @Test func everyFunctionIsTheRealOneOnTheRealAxis() {
        // On the real axis the complex formulas reduce to the real functions bit for bit,
        // with imaginary part 0.
        for x in [-3.0, -0.5, 0.25, 1, 1.5, 40, 800] {
            #expect(exp(Complex(x)) == Complex(Foundation.exp(x), 0), "exp at \(x)")  // exp(800) = ∞
            #expect(sin(Complex(x)).real == Foundation.sin(x) && sin(Complex(x)).imaginary == 0, "sin at \(x)")
            #expect(cos(Complex(x)).real == Foundation.cos(x) && cos(Complex(x)).imaginary == 0, "cos at \(x)")
            #expect(Complex(x) * Complex(x) == Complex(x * x, 0))
            #expect(Complex(1) / Complex(x) == Complex(1 / x, 0))
            if x > 0 {
                #expect(log(Complex(x)) == Complex(Foundation.log(x), 0), "log at \(x)")
                #expect(sqrt(Complex(x)) == Complex(x.squareRoot(), 0), "sqrt at \(x)")
                for p in [0.5, 2, -1.5, 3] {
                    #expect(pow(Complex(x), p) == Complex(Foundation.pow(x, p), 0), "pow(\(x), \(p))")
                }
            }
            // Integer powers multiply, where Foundation's pow rounds once: a few ulps apart.
            for n in [2, 3, -2] {
                expectRelative(pow(Complex(x), n).real, Foundation.pow(x, Double(n)), tolerance: Tolerance.fewUlps,
                               "pow(\(x), \(n))")
                #expect(pow(Complex(x), n).imaginary == 0)
            }
        }
    }

    @Test func description() {
        #expect(Complex(5, 5).description == "5.0 + 5.0i")
        #expect(Complex(3, -1).description == "3.0 - 1.0i")
        #expect("\(Complex.i)" == "0.0 + 1.0i")
    }
}

import Foundation

/// A complex number a + bi, with i² = −1: just enough of ℂ for the complex-step derivative.
///
/// ```
/// (a + bi) ± (c + di) = (a ± c) + (b ± d)i
/// (a + bi) · (c + di) = (ac − bd) + (ad + bc)i
/// (a + bi) / (c + di) = ((ac + bd) + (bc − ad)i) / (c² + d²)
/// ```
///
/// The operators work between complex numbers and with a `Double` on either side (a `Double` r
/// is r + 0i); the functions `exp`, `log`, `sin`, `cos`, `sqrt`, `pow(_:_:)` with a real or an
/// integer exponent are free functions named like Foundation's, so a formula written for
/// `Double`s also compiles for `Complex` (see `complexStepDerivative(of:at:h:)`).
///
/// On the real axis everything reduces to real arithmetic: (a + 0i)·(c + 0i) = ac + 0i, exp,
/// sin and cos of a + 0i are the real functions' values and 0i, and so are log, sqrt and pow
/// with a real exponent for a > 0; integer powers multiply, and agree with `Foundation.pow` to
/// a few ulps. There is no `tanh` or `sigmoid`: write them from `exp`, as 1/(1 + exp(−z)).
///
/// Only what the complex step needs is here; a full library (Swift Numerics' `ComplexModule`)
/// also handles infinities, NaNs and the last ulps of overflow and underflow, which this type
/// does not promise.
///
/// - Complexity: a sum is two real additions, a product four multiplications and two
///   additions, a quotient about ten operations; a complex number is two `Double`s.
public struct Complex: Sendable, Hashable, CustomStringConvertible {
    /// The real part a.
    public var real: Double
    /// The imaginary part b, the coefficient of i.
    public var imaginary: Double

    /// The complex number `real` + `imaginary`·i.
    ///
    /// - Parameters:
    ///   - real: the real part a.
    ///   - imaginary: the imaginary part b (default 0: a real number).
    public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// The imaginary unit i = 0 + 1i, whose square is −1.
    public static let i = Complex(0, 1)

    /// The complex conjugate a − bi: the mirror image in the real axis.
    ///
    /// z·z̄ = a² + b² = |z|², which is how division is defined. It is not an analytic function
    /// (it does not depend on z alone but on z and z̄), so it breaks the complex step.
    public var conjugate: Complex { Complex(real, -imaginary) }

    /// The magnitude (modulus, absolute value) |a + bi| = √(a² + b²).
    ///
    /// Computed by `hypot`, which does not overflow when a² does (a = 10²⁰⁰). Not analytic:
    /// like `abs` on the reals, it breaks the complex step.
    public var magnitude: Double { Foundation.hypot(real, imaginary) }

    /// The argument (phase) θ of a + bi = |z|·(cos θ + i sin θ), in (−π, π].
    ///
    /// `atan2(b, a)`: the angle from the positive real axis, π on the negative axis (−π when
    /// b is −0, the other side of the cut).
    public var argument: Double { Foundation.atan2(imaginary, real) }

    /// "a + bi" or "a - bi", for example `5.0 + 5.0i`.
    public var description: String {
        imaginary.sign == .minus ? "\(real) - \(-imaginary)i" : "\(real) + \(imaginary)i"
    }
}

// MARK: - Arithmetic

// A Double r is r + 0i. The mixed operators skip the terms with that 0: the same numbers for
// half the work, and no 0·∞ = NaN when a part is infinite.

extension Complex {
    /// The sum (a + c) + (b + d)i.
    public static func + (z: Complex, w: Complex) -> Complex { Complex(z.real + w.real, z.imaginary + w.imaginary) }
    /// The sum with a real number: (a + r) + bi.
    public static func + (z: Complex, r: Double) -> Complex { Complex(z.real + r, z.imaginary) }
    /// The sum with a real number: (r + a) + bi.
    public static func + (r: Double, z: Complex) -> Complex { Complex(r + z.real, z.imaginary) }

    /// The difference (a − c) + (b − d)i.
    public static func - (z: Complex, w: Complex) -> Complex { Complex(z.real - w.real, z.imaginary - w.imaginary) }
    /// The difference with a real number: (a − r) + bi.
    public static func - (z: Complex, r: Double) -> Complex { Complex(z.real - r, z.imaginary) }
    /// The difference from a real number: (r − a) − bi.
    public static func - (r: Double, z: Complex) -> Complex { Complex(r - z.real, -z.imaginary) }

    /// The negation −a − bi.
    public static prefix func - (z: Complex) -> Complex { Complex(-z.real, -z.imaginary) }

    /// The product (ac − bd) + (ad + bc)i.
    ///
    /// When ac and bd nearly cancel, the real part is accurate to ε·|ac| absolutely rather than
    /// relatively (as for any a·c − b·d). In the complex step b and d are of size h, bd is of
    /// size h², far below ε·|ac|, and nothing cancels.
    public static func * (z: Complex, w: Complex) -> Complex {
        Complex(z.real * w.real - z.imaginary * w.imaginary, z.real * w.imaginary + z.imaginary * w.real)
    }
    /// The product with a real number: ra + rbi.
    public static func * (z: Complex, r: Double) -> Complex { Complex(z.real * r, z.imaginary * r) }
    /// The product with a real number: ra + rbi.
    public static func * (r: Double, z: Complex) -> Complex { Complex(r * z.real, r * z.imaginary) }

    /// The quotient z/w, by Smith's algorithm.
    ///
    /// ```
    /// (a + bi)/(c + di) = ((a + b·r) + (b − a·r)i) / (c + d·r)      r = d/c, when |d| ≤ |c|
    ///                   = ((a·r + b) + (b·r − a)i) / (c·r + d)      r = c/d, otherwise
    /// ```
    ///
    /// Both lines are the textbook ((ac + bd) + (bc − ad)i)/(c² + d²) divided through by c² or
    /// d², whichever is larger, so nothing is squared: c² + d² overflows for |c| > 10¹⁵⁴, and
    /// underflows for |c| < 10⁻¹⁶², although the quotient is fine. When r underflows to 0 (d is
    /// more than 10³⁰⁸ times smaller than c), b·r and a·r are 0 too and the small terms would be
    /// lost; then b·(d/c) is computed as d·(b/c), which keeps them (Baudin and Smith's fix).
    public static func / (z: Complex, w: Complex) -> Complex {
        let (a, b, c, d) = (z.real, z.imaginary, w.real, w.imaginary)
        if abs(d) <= abs(c) {
            let r = d / c
            let denominator = c + d * r
            if r != 0 {
                return Complex((a + b * r) / denominator, (b - a * r) / denominator)
            }
            return Complex((a + d * (b / c)) / denominator, (b - d * (a / c)) / denominator)
        }
        let r = c / d
        let denominator = c * r + d
        if r != 0 {
            return Complex((a * r + b) / denominator, (b * r - a) / denominator)
        }
        return Complex((c * (a / d) + b) / denominator, (c * (b / d) - a) / denominator)
    }
    /// The quotient by a real number: a/r + (b/r)i.
    public static func / (z: Complex, r: Double) -> Complex { Complex(z.real / r, z.imaginary / r) }
    /// The quotient of a real number: r/(a + bi), which is (r + 0i)/(a + bi).
    public static func / (r: Double, z: Complex) -> Complex { Complex(r) / z }

    /// Adds in place: z = z + w.
    public static func += (z: inout Complex, w: Complex) { z = z + w }
    /// Subtracts in place: z = z − w.
    public static func -= (z: inout Complex, w: Complex) { z = z - w }
    /// Multiplies in place: z = z·w.
    public static func *= (z: inout Complex, w: Complex) { z = z * w }
    /// Divides in place: z = z/w.
    public static func /= (z: inout Complex, w: Complex) { z = z / w }
}

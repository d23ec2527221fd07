import Foundation

// The elementary functions of a complex number, each written with real functions of its parts.
// Each is analytic (it has a complex derivative) away from its branch cut, which is what the
// complex step needs, and each is computed so that a tiny imaginary part b keeps its digits:
// near the real axis the result's imaginary part is b·f′(a) to rounding, never the difference
// of two nearly equal numbers.

/// The complex exponential, by Euler's formula.
///
/// ```
/// exp(a + bi) = eᵃ·(cos b + i sin b)
/// ```
///
/// On the real axis (b = 0) it returns eᵃ + 0i exactly, even when eᵃ overflows to infinity
/// (where ∞·sin 0 would be NaN).
///
/// - Parameter z: the exponent.
/// - Returns: e raised to z.
/// - Complexity: one real exp, one cos and one sin.
public func exp(_ z: Complex) -> Complex {
    let scale = Foundation.exp(z.real)
    if z.imaginary == 0 { return Complex(scale, z.imaginary) }
    return Complex(scale * Foundation.cos(z.imaginary), scale * Foundation.sin(z.imaginary))
}

/// The principal natural logarithm, the inverse of `exp`.
///
/// ```
/// log(z) = ln|z| + i·arg z          arg z ∈ (−π, π]
/// ```
///
/// The branch cut is the negative real axis, where arg jumps from π to −π; log(−1) = πi. Near
/// the positive axis arg z = atan2(b, a) ≈ b/a to full relative precision, which is the complex
/// step's (ln x)′ = 1/x. Near |z| = 1 the real part is accurate to ε absolutely, not relatively
/// (ln|z| is near 0 and |z| was rounded first); a full library uses log1p there.
///
/// - Parameter z: the argument, not 0 (log 0 = −∞ + 0i).
/// - Returns: the logarithm with imaginary part in (−π, π].
/// - Complexity: one hypot, one real log and one atan2.
public func log(_ z: Complex) -> Complex { Complex(Foundation.log(z.magnitude), z.argument) }

/// The complex sine.
///
/// ```
/// sin(a + bi) = sin a·cosh b + i·cos a·sinh b
/// ```
///
/// Near the real axis cosh b = 1 and sinh b = b to full precision, so the imaginary part is
/// b·cos a: the derivative, times b.
///
/// - Parameter z: the angle.
/// - Returns: sin z.
/// - Complexity: one each of sin, cos, sinh and cosh.
public func sin(_ z: Complex) -> Complex {
    Complex(Foundation.sin(z.real) * Foundation.cosh(z.imaginary), Foundation.cos(z.real) * Foundation.sinh(z.imaginary))
}

/// The complex cosine.
///
/// ```
/// cos(a + bi) = cos a·cosh b − i·sin a·sinh b
/// ```
///
/// - Parameter z: the angle.
/// - Returns: cos z.
/// - Complexity: one each of sin, cos, sinh and cosh.
public func cos(_ z: Complex) -> Complex {
    Complex(Foundation.cos(z.real) * Foundation.cosh(z.imaginary), -Foundation.sin(z.real) * Foundation.sinh(z.imaginary))
}

/// The principal square root: the root with real part ≥ 0.
///
/// ```
/// t = √((|a| + |z|) / 2)
/// √(a + bi) = t + (b / 2t)·i                 when a ≥ 0
///           = |b| / 2t + (±t)·i, ± the sign of b,   when a < 0
/// ```
///
/// The textbook form √((|z| + a)/2) + i·√((|z| − a)/2) subtracts |z| − a, which for a > 0 and
/// a tiny b is the difference of two nearly equal numbers: the imaginary part of
/// √(4 + 10⁻²⁰i) would come out 0 instead of 2.5·10⁻²¹. The form above takes the root of the
/// sum that does not cancel and gets the other part by division, since (t + si)² = a + bi
/// means 2ts = b. The branch cut is the negative real axis: √(−4 + 0i) = 2i, √(−4 − 0i) = −2i.
///
/// - Parameter z: the radicand.
/// - Returns: the square root with real part ≥ 0.
/// - Complexity: one hypot and one real square root.
public func sqrt(_ z: Complex) -> Complex {
    if z.real == 0 && z.imaginary == 0 { return Complex(0, z.imaginary) }
    // Halving each term first keeps |a| + |z| from overflowing for |a| near the largest Double.
    let t = (abs(z.real) / 2 + z.magnitude / 2).squareRoot()
    if z.real >= 0 { return Complex(t, z.imaginary / (2 * t)) }
    return Complex(abs(z.imaginary) / (2 * t), z.imaginary.sign == .minus ? -t : t)
}

/// The principal power with a real exponent, by the polar form.
///
/// ```
/// z = r·e^(iθ)   →   zᵖ = rᵖ·e^(ipθ) = rᵖ·(cos pθ + i sin pθ)        θ = arg z ∈ (−π, π]
/// ```
///
/// On the positive real axis it is the real aᵖ. On the negative real axis it is the principal
/// value |a|ᵖ·e^(ipπ): (−8)^(1/3) = 1 + 1.732i (not −2), (−4)^0.5 = 2i, (−2)³ = −8.
///
/// Near the negative axis θ = π − φ with φ ≈ b/|a| tiny, and the `Double` nearest π − φ is
/// simply π: the digits of φ, which carry the complex step's derivative, would be lost. So
/// there the angle is kept in two pieces, the exact multiple pπ (whose sine and cosine are
/// exact at the multiples of ½: sin 3π = 0, where `sin(3 * .pi)` gives 3.7·10⁻¹⁶) and the small
/// φ. For integer exponents `pow(_:_: Int)` is cheaper and needs no angles at all.
///
/// - Parameters:
///   - z: the base.
///   - p: the exponent, real.
/// - Returns: the principal value of zᵖ; z⁰ = 1 (also for z = 0), 0ᵖ = 0 for p > 0 and ∞ for p < 0.
/// - Complexity: one hypot, one real pow, one atan2, and up to three sin-cos pairs.
public func pow(_ z: Complex, _ p: Double) -> Complex {
    if p == 0 { return Complex(1) }
    if z.real == 0 && z.imaginary == 0 { return Complex(p > 0 ? 0 : .infinity) }
    let scale = Foundation.pow(z.magnitude, p)
    if z.real >= 0 {
        // θ ∈ [−π/2, π/2]: atan2 keeps a small θ's relative precision, so pθ is fine as it is.
        let angle = p * z.argument
        return Complex(scale * Foundation.cos(angle), scale * Foundation.sin(angle))
    }
    // θ = s·(π − φ), s the sign of b, φ = atan2(|b|, |a|) ∈ [0, π/2): zᵖ = rᵖ·e^(ispπ)·e^(−ispφ).
    let s: Double = z.imaginary.sign == .minus ? -1 : 1
    let phi = Foundation.atan2(abs(z.imaginary), -z.real)
    let (turnCos, turnSin) = (cosPi(p), s * sinPi(p))
    let (smallCos, smallSin) = (Foundation.cos(p * phi), -s * Foundation.sin(p * phi))
    return Complex(scale * (turnCos * smallCos - turnSin * smallSin),
                   scale * (turnCos * smallSin + turnSin * smallCos))
}

/// An integer power, by repeated squaring.
///
/// ```
/// z⁵ = z · (z²)²           z⁻ⁿ = 1 / zⁿ           z⁰ = 1
/// ```
///
/// Only products, so no angles and no branch cut: (−2 + 0i)³ = −8 + 0i, and near the real axis
/// (x + hi)³ = (x³ − 3xh²) + (3x²h − h³)i holds the derivative 3x² exactly as the formula says.
/// Swift picks this overload for an integer literal, `pow(z, 3)`.
///
/// - Parameters:
///   - z: the base.
///   - n: the exponent, any integer.
/// - Returns: zⁿ.
/// - Complexity: about 2·log₂|n| complex products, and one division when n < 0.
public func pow(_ z: Complex, _ n: Int) -> Complex {
    var result = Complex(1)
    var square = z
    var remaining = n.magnitude  // UInt, so that Int.min has a magnitude too
    while remaining > 0 {
        if remaining & 1 == 1 { result *= square }
        remaining >>= 1
        if remaining > 0 { square *= square }
    }
    return n < 0 ? 1 / result : result
}

/// sin(πx), exact where it is 0 or ±1: the period 2 is removed exactly (`remainder` is exact),
/// and the argument is folded into [−½, ½], where π·r rounds by less than sin can show.
private func sinPi(_ x: Double) -> Double {
    var r = x.remainder(dividingBy: 2)  // exact, in [−1, 1]
    // sin(π(1 − r)) = sin(πr), and 1 − r is exact for r ∈ [½, 1] (Sterbenz): likewise −1 − r.
    if r > 0.5 { r = 1 - r } else if r < -0.5 { r = -1 - r }
    return Foundation.sin(Double.pi * r)
}

/// cos(πx), exact where it is 0 or ±1, by the same reduction as `sinPi`.
private func cosPi(_ x: Double) -> Double {
    let r = abs(x.remainder(dividingBy: 2))  // exact, in [0, 1]; cos is even
    if r < 0.25 { return Foundation.cos(Double.pi * r) }
    return sinPi(0.5 - r)  // cos(πr) = sin(π(½ − r)); ½ − r is exact for r ≥ ¼ (Sterbenz)
}

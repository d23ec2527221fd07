import Foundation

/// A dual number a + a′ε: a value and its derivative, carried together through a computation.
///
/// ```
/// (a + a′ε)  with  ε² = 0
/// f(a + a′ε) = f(a) + f′(a)·a′ε        (Taylor's series stops after one term, because ε² = 0)
/// ```
///
/// This is forward-mode automatic differentiation. Start from x = `Dual.variable(3)`, that is
/// 3 + 1ε (dx/dx = 1), and compute with it as with a `Double`; every operation below applies its
/// derivative rule to the ε part, so the result's `derivative` is df/dx, exact up to the
/// rounding of the rules themselves: no step h, no truncation error, no cancellation.
///
/// ```swift
/// let y = valueAndDerivative(of: { x in x * x + x * x * x }, at: 3)   // (36.0, 33.0)
/// ```
///
/// The operators are `+ − × ÷` between duals and with a `Double` on either side (a `Double` c
/// is the constant c + 0ε), and prefix `−`. The elementary functions are free functions named
/// like Foundation's, `exp`, `log`, `sin`, `cos`, `tanh`, `sqrt`, `pow(_:_:)` and `sigmoid`, so
/// the same closure text computes with a `Double` and differentiates with a `Dual` (or, through
/// `complexStepDerivative(of:at:h:)`, with a `Complex`).
///
/// Only smooth operations are defined here. A piecewise function can branch on `u.value`
/// itself, as ReLU does (`u.value > 0 ? u : Dual(0)`): the derivative is then that of
/// whichever side was taken, and at the kink it is the side's, not a true derivative.
///
/// - Complexity: each operation is the `Double` operation plus its rule, two to four times the
///   work; a dual number is two `Double`s.
public struct Dual: Sendable, Hashable, CustomStringConvertible {
    /// The value a: what the same computation on plain `Double`s gives.
    public var value: Double
    /// The derivative a′: the coefficient of ε, d(value)/dx for the variable x that was seeded
    /// with derivative 1.
    public var derivative: Double

    /// The dual number `value` + `derivative`·ε.
    ///
    /// - Parameters:
    ///   - value: the value a.
    ///   - derivative: the derivative a′ (default 0: a constant).
    public init(_ value: Double, derivative: Double = 0) {
        self.value = value
        self.derivative = derivative
    }

    /// The variable x at `x`: x + 1ε, because dx/dx = 1. Seed the input with this.
    public static func variable(_ x: Double) -> Dual { Dual(x, derivative: 1) }

    /// The constant c: c + 0ε, because dc/dx = 0.
    public static func constant(_ c: Double) -> Dual { Dual(c, derivative: 0) }

    /// "value + derivative·ε" or "value - |derivative|·ε", for example `36.0 + 33.0ε`.
    public var description: String {
        derivative.sign == .minus ? "\(value) - \(-derivative)ε" : "\(value) + \(derivative)ε"
    }
}

// MARK: - Arithmetic: each rule next to its derivative

// The rules, with u = a + a′ε and v = b + b′ε:
//   (u ± v)′ = a′ ± b′      (u·v)′ = a′b + ab′      (u/v)′ = (a′b − ab′) / b²
// A Double c is the constant c + 0ε, so its terms of the rules vanish.

extension Dual {
    /// The sum: (a + a′ε) + (b + b′ε) = (a + b) + (a′ + b′)ε.
    public static func + (u: Dual, v: Dual) -> Dual { Dual(u.value + v.value, derivative: u.derivative + v.derivative) }
    /// The sum with a constant: (a + a′ε) + c = (a + c) + a′ε.
    public static func + (u: Dual, c: Double) -> Dual { Dual(u.value + c, derivative: u.derivative) }
    /// The sum with a constant: c + (a + a′ε) = (c + a) + a′ε.
    public static func + (c: Double, u: Dual) -> Dual { Dual(c + u.value, derivative: u.derivative) }

    /// The difference: (a + a′ε) − (b + b′ε) = (a − b) + (a′ − b′)ε.
    public static func - (u: Dual, v: Dual) -> Dual { Dual(u.value - v.value, derivative: u.derivative - v.derivative) }
    /// The difference with a constant: (a + a′ε) − c = (a − c) + a′ε.
    public static func - (u: Dual, c: Double) -> Dual { Dual(u.value - c, derivative: u.derivative) }
    /// The difference from a constant: c − (a + a′ε) = (c − a) − a′ε.
    public static func - (c: Double, u: Dual) -> Dual { Dual(c - u.value, derivative: -u.derivative) }

    /// The negation: −(a + a′ε) = −a − a′ε.
    public static prefix func - (u: Dual) -> Dual { Dual(-u.value, derivative: -u.derivative) }

    /// The product rule: (a + a′ε)(b + b′ε) = ab + (a′b + ab′)ε, since ε² = 0.
    public static func * (u: Dual, v: Dual) -> Dual {
        Dual(u.value * v.value, derivative: u.derivative * v.value + u.value * v.derivative)
    }
    /// The product with a constant: c·(a + a′ε) = ca + ca′ε.
    public static func * (u: Dual, c: Double) -> Dual { Dual(u.value * c, derivative: u.derivative * c) }
    /// The product with a constant: c·(a + a′ε) = ca + ca′ε.
    public static func * (c: Double, u: Dual) -> Dual { Dual(c * u.value, derivative: c * u.derivative) }

    /// The quotient rule: (a + a′ε)/(b + b′ε) = a/b + ((a′b − ab′)/b²)ε.
    ///
    /// Computed as (a′ − (a/b)·b′)/b, which is the same number without forming b² (which
    /// overflows for |b| > 10¹⁵⁴ and underflows for |b| < 10⁻¹⁶²).
    public static func / (u: Dual, v: Dual) -> Dual {
        let quotient = u.value / v.value
        return Dual(quotient, derivative: (u.derivative - quotient * v.derivative) / v.value)
    }
    /// The quotient by a constant: (a + a′ε)/c = a/c + (a′/c)ε.
    public static func / (u: Dual, c: Double) -> Dual { Dual(u.value / c, derivative: u.derivative / c) }
    /// The quotient of a constant: c/(a + a′ε) = c/a − (c·a′/a²)ε.
    public static func / (c: Double, u: Dual) -> Dual {
        let quotient = c / u.value
        return Dual(quotient, derivative: -quotient * u.derivative / u.value)
    }

    /// Adds in place: u = u + v.
    public static func += (u: inout Dual, v: Dual) { u = u + v }
    /// Subtracts in place: u = u − v.
    public static func -= (u: inout Dual, v: Dual) { u = u - v }
    /// Multiplies in place: u = u·v.
    public static func *= (u: inout Dual, v: Dual) { u = u * v }
    /// Divides in place: u = u/v.
    public static func /= (u: inout Dual, v: Dual) { u = u / v }
}

// MARK: - Elementary functions: f(a + a′ε) = f(a) + f′(a)·a′ε

/// The exponential of a dual number: (eˣ)′ = eˣ.
///
/// ```
/// exp(a + a′ε) = eᵃ + eᵃ·a′ε
/// ```
///
/// - Complexity: one `Foundation.exp`; the derivative reuses the value.
public func exp(_ u: Dual) -> Dual {
    let e = Foundation.exp(u.value)
    return Dual(e, derivative: e * u.derivative)
}

/// The natural logarithm of a dual number: (ln x)′ = 1/x.
///
/// ```
/// log(a + a′ε) = ln a + (a′/a)ε
/// ```
public func log(_ u: Dual) -> Dual { Dual(Foundation.log(u.value), derivative: u.derivative / u.value) }

/// The sine of a dual number: (sin x)′ = cos x.
///
/// ```
/// sin(a + a′ε) = sin a + (cos a)·a′ε
/// ```
public func sin(_ u: Dual) -> Dual { Dual(Foundation.sin(u.value), derivative: Foundation.cos(u.value) * u.derivative) }

/// The cosine of a dual number: (cos x)′ = −sin x.
///
/// ```
/// cos(a + a′ε) = cos a − (sin a)·a′ε
/// ```
public func cos(_ u: Dual) -> Dual { Dual(Foundation.cos(u.value), derivative: -Foundation.sin(u.value) * u.derivative) }

/// The hyperbolic tangent of a dual number: (tanh x)′ = 1 − tanh²x = 1/cosh²x.
///
/// ```
/// tanh(a + a′ε) = tanh a + (a′/cosh²a)ε
/// ```
///
/// The familiar form 1 − t² (with t = tanh a) loses digits once |a| > 1: t rounds to within an
/// ulp of ±1, and 1 − t² keeps only what is left (at a = 3, two digits fewer; at a = 20, none:
/// it returns 0 where the derivative is 1.7·10⁻¹⁷). 1/cosh²a is the same number without the
/// subtraction, and tends to 0 correctly when cosh overflows to infinity.
public func tanh(_ u: Dual) -> Dual {
    let c = Foundation.cosh(u.value)
    return Dual(Foundation.tanh(u.value), derivative: u.derivative / (c * c))
}

/// The square root of a dual number: (√x)′ = 1/(2√x).
///
/// ```
/// sqrt(a + a′ε) = √a + (a′/(2√a))ε
/// ```
///
/// At a = 0 the derivative is infinite (the tangent is vertical), and the result says so.
public func sqrt(_ u: Dual) -> Dual {
    let root = u.value.squareRoot()
    return Dual(root, derivative: u.derivative / (2 * root))
}

/// A dual number to a constant real power: (xᵖ)′ = p·xᵖ⁻¹.
///
/// ```
/// pow(a + a′ε, p) = aᵖ + (p·aᵖ⁻¹)·a′ε
/// ```
///
/// For p = 0 the result is the constant 1 (derivative 0) everywhere, including a = 0 where the
/// rule's 0·0⁻¹ would give NaN. For a < 0 and non-integer p, `Foundation.pow` returns NaN, as
/// for `Double`s: the real power is undefined there.
///
/// - Parameters:
///   - u: the base.
///   - p: the exponent, a constant.
public func pow(_ u: Dual, _ p: Double) -> Dual {
    if p == 0 { return Dual(1) }
    return Dual(Foundation.pow(u.value, p), derivative: p * Foundation.pow(u.value, p - 1) * u.derivative)
}

/// The logistic sigmoid of a dual number: σ′(x) = σ(x)·(1 − σ(x)) = σ(x)·σ(−x).
///
/// ```
/// sigmoid(a + a′ε) = σ(a) + σ(a)σ(−a)·a′ε
/// ```
///
/// 1 − σ(a) and σ(−a) are equal, but for large a the first rounds σ(a) to nearly 1 and
/// subtracts, keeping few digits (at a = 40, none), while the second is computed directly by
/// the overflow-safe `sigmoid(_:)`.
public func sigmoid(_ u: Dual) -> Dual {
    let s = sigmoid(u.value)
    return Dual(s, derivative: s * sigmoid(-u.value) * u.derivative)
}

import Foundation

/// The finite difference computed in single precision (`Float`, ε = 1.2·10⁻⁷ instead of
/// 2.2·10⁻¹⁶): x, x ± h and every value of f are rounded to `Float`, as a `Float` program would
/// hold them, and the formula is evaluated in `Float`.
///
/// Rounding error grows like ε·|f|/h, so in `Float` it overtakes truncation at a much larger
/// step: the central difference's best h is about ∛ε ≈ 5·10⁻³ (against 6·10⁻⁶ in `Double`),
/// and the book's h = 10⁻⁴ already sits on the rounding side. A gradient check that passes in
/// `Double` can fail in `Float` for that reason alone; a larger h rescues it.
///
/// - Parameters:
///   - f: the function, evaluated in `Double` and rounded to `Float` (a correctly rounded
///     `Float` implementation would return the same values).
///   - x: where to differentiate.
///   - h: the step, rounded to `Float`.
///   - scheme: the difference formula.
public func numericalDerivativeInFloat(
    of f: (Double) -> Double, at x: Double, h: Double = 1e-4, scheme: DifferenceScheme = .central
) -> Double {
    let (x, h) = (Float(x), Float(h))
    func value(_ t: Float) -> Float { Float(f(Double(t))) }
    switch scheme {
    case .forward:
        return Double((value(x + h) - value(x)) / h)
    case .central:
        return Double((value(x + h) - value(x - h)) / (2 * h))
    case .fivePoint:
        return Double((-value(x + 2 * h) + 8 * value(x + h) - 8 * value(x - h) + value(x - 2 * h)) / (12 * h))
    }
}

extension StepSizeStudy {
    /// The theoretical best step for `scheme` in `Float`: √ε, ∛ε or ε^(1/5) with ε = 2⁻²³.
    public static func theoreticalBestStepInFloat(for scheme: DifferenceScheme) -> Double {
        let epsilon = Double(Float.ulpOfOne)
        switch scheme {
        case .forward: return epsilon.squareRoot()
        case .central: return Foundation.cbrt(epsilon)
        case .fivePoint: return Foundation.pow(epsilon, 0.2)
        }
    }
}

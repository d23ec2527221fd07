/// A finite-difference formula for f′(x): how far to step and where to evaluate f.
///
/// ```
/// forward     (f(x+h) − f(x)) / h                                   error O(h)
/// central     (f(x+h) − f(x−h)) / 2h                                error O(h²)
/// fivePoint   (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h        error O(h⁴)
/// ```
///
/// The five-point stencil is Richardson extrapolation of the central difference: combining
/// the estimates with steps h and 2h as (4·D(h) − D(2h)) / 3 cancels the h² term.
public enum DifferenceScheme: String, Sendable, CaseIterable {
    /// One-sided difference (f(x+h) − f(x)) / h; truncation error ≈ h·f″/2.
    case forward
    /// Symmetric difference (f(x+h) − f(x−h)) / 2h, the book's choice; error ≈ h²·f‴/6.
    case central
    /// Five-point (Richardson) stencil; error ≈ h⁴·f⁽⁵⁾/30.
    case fivePoint

    /// How many times the scheme evaluates f for one derivative.
    public var evaluations: Int {
        switch self {
        case .forward: 2
        case .central: 2
        case .fivePoint: 4
        }
    }
}

/// Estimates the derivative f′(x) by a finite difference: the book's `numerical_diff`.
///
/// ```
/// central (default):  f′(x) ≈ (f(x+h) − f(x−h)) / 2h
/// ```
///
/// The step `h` trades two errors. Truncation error shrinks with h (like h for `.forward`, h²
/// for `.central`, h⁴ for `.fivePoint`); rounding error grows like ε·|f|/h, because f(x+h) and
/// f(x−h) agree in more and more leading digits and their difference keeps fewer correct ones
/// (ε = 2.2·10⁻¹⁶ for `Double`). The best step for the central difference is about
/// ε^(1/3) ≈ 6·10⁻⁶ times the scale of x; the book's h = 10⁻⁴ sits on the truncation side of it
/// (for sin at 1: error 9·10⁻¹⁰ against 6·10⁻¹³ at the best step), a safe choice when the
/// scale is unknown. With h = 10⁻³⁰ the forward difference returns exactly 0: x + h rounds back
/// to x. `StepSizeStudy` measures all this.
///
/// - Parameters:
///   - f: the function to differentiate.
///   - x: where to differentiate it.
///   - h: the step (default 10⁻⁴, the book's).
///   - scheme: the difference formula (default `.central`).
/// - Returns: the estimate of f′(x).
public func numericalDerivative(
    of f: (Double) -> Double, at x: Double, h: Double = 1e-4, scheme: DifferenceScheme = .central
) -> Double {
    switch scheme {
    case .forward:
        return (f(x + h) - f(x)) / h
    case .central:
        return (f(x + h) - f(x - h)) / (2 * h)
    case .fivePoint:
        return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
    }
}

/// Estimates the second derivative f″(x) by the symmetric three-point difference.
///
/// ```
/// f″(x) ≈ (f(x+h) − 2f(x) + f(x−h)) / h²
/// ```
///
/// It is the central difference applied twice with half steps: the difference of the slopes
/// (f(x+h) − f(x)) / h and (f(x) − f(x−h)) / h, divided by h. The Taylor series of f(x+h) and
/// f(x−h) cancel their odd terms, so what remains beyond f″ is
///
/// ```
/// truncation error  ≈ h²·f⁗(x) / 12                 shrinks with h
/// rounding error    ≈ 4ε·|f(x)| / h²                grows as h shrinks, twice as fast as for f′
/// best step         h ≈ ε^(1/4) ≈ 1.2·10⁻⁴ (times the scale of x)
/// best error        ≈ √ε ≈ 10⁻⁸ (times the scale of f)
/// ```
///
/// The rounding error is worse than the first derivative's because the numerator is the
/// difference of differences, of size h²·f″, while each value of f carries an error of about
/// ε·|f|; dividing by h² (not h) magnifies it. (The 4 is the sum of the numerator's weights
/// 1 + 2 + 1; rounding x ± h itself to a `Double` adds up to ε·|x·f′|/h² more.) So a second
/// derivative from finite differences keeps only about half the digits of a `Double`, at best;
/// with h = 10⁻⁸, a good step for the forward difference of f′, h² = 10⁻¹⁶ and the result is
/// noise. The subtraction is the culprit; `Dual` and `complexStepDerivative` compute first
/// derivatives without one.
///
/// - Parameters:
///   - f: the function to differentiate twice.
///   - x: where to differentiate it.
///   - h: the step (default 10⁻⁴, near ε^(1/4) for x and f of order 1).
/// - Returns: the estimate of f″(x).
/// - Complexity: three evaluations of f.
public func numericalSecondDerivative(of f: (Double) -> Double, at x: Double, h: Double = 1e-4) -> Double {
    (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)
}

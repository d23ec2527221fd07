/// The derivative f′(x) by the complex step: step into the imaginary direction and read off
/// the imaginary part. No subtraction, so no cancellation.
///
/// ```
/// f(x + ih) = f(x) + ih·f′(x) − h²·f″(x)/2 − ih³·f‴(x)/6 + …       (Taylor's series)
/// f′(x) ≈ Im f(x + ih) / h                                          error ≈ h²·f‴(x)/6
/// ```
///
/// The truncation error is the central difference's, h²·f‴/6, but the rounding error is gone:
/// the central difference subtracts f(x+h) − f(x−h), two nearly equal numbers, and loses
/// digits as h shrinks, while here the derivative is *alone* in the imaginary part, computed
/// to full relative precision however small h is. So h can be taken absurdly small: with the
/// default h = 10⁻²⁰ the truncation error is 10⁻⁴⁰·f‴, and the result is f′(x) to rounding,
/// about 15 or 16 correct digits, where the central difference stops at about 11.
///
/// ```swift
/// // The classic example of the complex-step literature: f′(1.5) = 4.05342789389862…
/// complexStepDerivative(of: { x in exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }, at: 1.5)
/// ```
///
/// **What f may do.** f must be analytic, built from `Complex`'s operators and functions (as
/// the same formula would be written for `Double`s). Functions that are not analytic break the
/// trick: `magnitude` (|z|, the complex `abs`) and `conjugate` discard or flip the imaginary
/// part. A branch on the real part (`z.real > 0 ? … : …`, like ReLU) is fine away from the kink.
///
/// **Why it works.** It is forward mode in disguise: a dual number x + 1ε has ε² = 0, and
/// x + ih has (ih)² = −h², which is 0 for all the digits a `Double` keeps once h < 10⁻⁸·|x|.
/// The complex step needs only a complex type, not a new number system: a program written for
/// real numbers differentiates once its variables are declared complex, which made the method
/// popular for large engineering codes. It costs a complex evaluation of f, three to four times
/// a real one.
///
/// - Parameters:
///   - f: the function, written on `Complex` numbers; real on the real axis.
///   - x: where to differentiate it.
///   - h: the imaginary step (default 10⁻²⁰); any h from about 10⁻⁸·|x| down to 10⁻³⁰⁰ gives
///     the same digits, as long as h·f′(x) does not underflow.
/// - Returns: the estimate of f′(x).
/// - Complexity: one evaluation of f on complex numbers.
public func complexStepDerivative(of f: (Complex) -> Complex, at x: Double, h: Double = 1e-20) -> Double {
    f(Complex(x, h)).imaginary / h
}

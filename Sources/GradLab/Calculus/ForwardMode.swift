/// The derivative f′(x) by forward-mode automatic differentiation: one pass of f on a `Dual`.
///
/// ```
/// f(x + 1ε) = f(x) + f′(x)ε        →  f′(x) is the ε part
/// ```
///
/// Write f with the operators and functions `Dual` supports, exactly as for `Double`s:
///
/// ```swift
/// derivative(of: { x in x * x + x * x * x }, at: 3)              // 33.0, exactly
/// derivative(of: { x in exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }, at: 1.5)
/// ```
///
/// The result is exact up to the rounding of each rule, like the value itself: there is no step
/// h to choose and nothing is subtracted that would cancel.
///
/// **When forward mode wins, and when reverse mode does.** One forward pass carries the
/// derivative with respect to *one* input through to *every* output, at about twice the cost of
/// evaluating f. For f: ℝⁿ → ℝᵐ the full Jacobian therefore takes n passes, one per input.
/// Reverse mode (backpropagation, the `backward` of every layer) is the mirror image: one
/// backward pass carries the derivative of *one* output back to *every* input, so it takes m
/// passes. Forward mode wins with few inputs and many outputs (a curve's velocity, a
/// sensitivity to one parameter, a Jacobian-vector product); reverse mode wins with many inputs
/// and one output, which is a network's loss: the 784-512-10 `Sequential` has 407,050 weights
/// and one loss. Forward mode would need 407,050 passes for that gradient, reverse mode one, at
/// the price of remembering the forward pass's intermediate values.
///
/// - Parameters:
///   - f: the function, written on `Dual`s.
///   - x: where to differentiate it.
/// - Returns: f′(x).
/// - Complexity: one evaluation of f on dual numbers, about two to three times the cost of the
///   same evaluation on `Double`s.
public func derivative(of f: (Dual) -> Dual, at x: Double) -> Double {
    f(.variable(x)).derivative
}

/// The value f(x) and the derivative f′(x) together, from one forward-mode pass.
///
/// ```
/// f(x + 1ε) = f(x) + f′(x)ε        →  (value: f(x), derivative: f′(x))
/// ```
///
/// The value comes for free: a dual number carries it anyway, and it is what the same code on
/// `Double`s would give, bit for bit.
///
/// - Parameters:
///   - f: the function, written on `Dual`s.
///   - x: where to evaluate and differentiate it.
/// - Returns: f(x) and f′(x).
/// - Complexity: one evaluation of f on dual numbers.
public func valueAndDerivative(of f: (Dual) -> Dual, at x: Double) -> (value: Double, derivative: Double) {
    let y = f(.variable(x))
    return (y.value, y.derivative)
}

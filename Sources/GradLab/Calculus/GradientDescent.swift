/// Where gradient descent ended and every point it visited.
public struct DescentResult: Sendable {
    /// The point after the last step.
    public var finalPoint: Tensor
    /// The starting point followed by the point after each step (`steps + 1` points).
    public var path: [Tensor]
}

/// Gradient descent driven by the numerical gradient: the book's `gradient_descent`.
///
/// ```
/// x ← x − η · ∇f(x)      repeated `steps` times, η = learningRate
/// ```
///
/// On f(x₀, x₁) = x₀² + x₁² from (−3, 4) with η = 0.1, each step multiplies x by 1 − 2η = 0.8,
/// so 100 steps land at 0.8¹⁰⁰ · (−3, 4) ≈ (−6.1·10⁻¹⁰, 8.1·10⁻¹⁰). With η = 10 the iterates
/// explode; with η = 10⁻¹⁰ they barely move: the learning rate is the knob.
///
/// - Parameters:
///   - f: the function to minimise.
///   - start: the starting point.
///   - learningRate: η, the step multiplier (default 0.01, the book's).
///   - steps: how many updates (default 100, the book's).
///   - h: the numerical-gradient step (default 10⁻⁴).
/// - Returns: the final point and the path.
public func gradientDescent(
    of f: (Tensor) -> Double, from start: Tensor,
    learningRate: Double = 0.01, steps: Int = 100, h: Double = 1e-4
) -> DescentResult {
    precondition(steps >= 0, "gradientDescent: steps must be ≥ 0, got \(steps)")
    var x = start
    var path = [x]
    path.reserveCapacity(steps + 1)
    for _ in 0..<steps {
        let gradient = numericalGradient(of: f, at: x, h: h)
        x -= learningRate * gradient
        path.append(x)
    }
    return DescentResult(finalPoint: x, path: path)
}

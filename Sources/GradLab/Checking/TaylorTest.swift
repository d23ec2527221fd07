import Foundation

/// A gradient check with no step to choose: how fast the first-order Taylor remainder falls.
///
/// For a direction v and a shrinking ε,
///
/// ```
/// r(ε) = | L(θ + εv) − L(θ) − ε · ∇L·v |
/// ```
///
/// is what the linear approximation misses. With the right gradient it is the second-order term
/// ½ε²·vᵀHv, so halving ε divides r by 4: log r against log ε has **slope 2**. With a wrong
/// gradient g, r(ε) ≈ ε·|(∇L − g)·v| once ε is small enough for that term to dominate: **slope
/// 1**. No tolerance to pick, no h to tune: the slope tells. The slope is fitted over the four
/// smallest steps whose remainder is still above the loss's own rounding (about ε_mach·|L|,
/// where r stops falling): the asymptotic order, where a small error in the gradient shows.
public struct TaylorTest: Sendable {
    /// The steps ε, largest first.
    public var epsilons: [Double]
    /// r(ε) for each step.
    public var remainders: [Double]
    /// The least-squares slope of log r against log ε over the four smallest steps above the
    /// rounding floor (NaN if fewer than two are).
    public var slope: Double

    /// Whether the slope says the gradient is right: within 0.2 of 2.
    public var gradientIsRight: Bool { abs(slope - 2) <= 0.2 }

    /// Runs the test.
    ///
    /// - Parameters:
    ///   - loss: L as a function of the parameters.
    ///   - parameters: θ.
    ///   - gradient: the gradient to test, ∇L(θ) as claimed (by backprop, a tape, …).
    ///   - direction: v, the same names and shapes (a seeded random direction is usual).
    ///   - epsilons: the steps (default 0.1 · 2⁻ᵏ for k = 1 … 20, down to about 10⁻⁷).
    public init(loss: (Parameters) -> Double, at parameters: Parameters, gradient: Parameters, direction: Parameters,
                epsilons: [Double] = (1...20).map { 0.1 * pow(0.5, Double($0)) }) {
        precondition(gradient.names == parameters.names && direction.names == parameters.names,
                     "TaylorTest: parameters \(parameters.names), gradient \(gradient.names), direction \(direction.names) differ")
        let base = loss(parameters)
        let slopeAlongV = zip(gradient.tensors, direction.tensors).reduce(0) { $0 + ($1.0 * $1.1).sum() }
        self.epsilons = epsilons
        remainders = epsilons.map { epsilon in
            var moved = parameters
            moved.update(with: direction) { _, theta, v in theta.update(with: v) { $0 + epsilon * $1 } }
            return abs(loss(moved) - base - epsilon * slopeAlongV)
        }
        // Points whose remainder is near the loss's rounding carry no information.
        let floor = 100 * Double.ulpOfOne * Swift.max(abs(base), 1)
        let points = zip(epsilons, remainders).filter { $0.1 > floor }.map { (log($0.0), log($0.1)) }
        slope = Self.leastSquaresSlope(Array(points.suffix(4)))
    }

    /// The slope of the least-squares line through the points.
    public static func leastSquaresSlope(_ points: [(Double, Double)]) -> Double {
        guard points.count >= 2 else { return .nan }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.0 } / n, meanY = points.reduce(0) { $0 + $1.1 } / n
        let covariance = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let variance = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        return covariance / variance
    }
}

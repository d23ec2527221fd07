import Foundation

/// The error of each finite-difference scheme as the step h shrinks: the data for the classic
/// V-shaped log-log plot of "why h matters".
///
/// For each h the study computes |numericalDerivative(f, x, h, scheme) − f′(x)| against the
/// exact derivative. On the right of the V (large h) truncation error dominates and the line
/// has slope 1 (forward), 2 (central) or 4 (five-point); on the left (small h) rounding error
/// ε·|f(x)|/h dominates and the line has slope −1. The best step sits where they meet:
/// about ε^(1/2) for forward, ε^(1/3) for central and ε^(1/5) for five-point differences
/// (times the scale of x).
public struct StepSizeStudy: Sendable {
    /// One step size and each scheme's absolute error there.
    public struct Row: Sendable, Equatable {
        /// The step h.
        public var h: Double
        /// |estimate − exact| for each scheme.
        public var errors: [DifferenceScheme: Double]
    }

    /// The point x where the derivative is taken.
    public let x: Double
    /// The exact derivative f′(x) the errors are measured against.
    public let exactDerivative: Double
    /// One row per step size, in the order given.
    public let rows: [Row]

    /// The steps 10⁻¹, 10^−1.5, …, 10⁻¹⁶: half-decades, so each arm of the V gets enough points.
    public static let defaultSteps: [Double] = stride(from: -1.0, through: -16.0, by: -0.5).map {
        Foundation.pow(10, $0)
    }

    /// Runs the study for `f` at `x`, comparing against the known derivative `exactDerivative`.
    ///
    /// - Parameters:
    ///   - f: the function.
    ///   - exactDerivative: f′(x), known in closed form.
    ///   - x: the point.
    ///   - steps: the step sizes to try (default `defaultSteps`).
    public init(
        of f: (Double) -> Double, exactDerivative: Double, at x: Double,
        steps: [Double] = StepSizeStudy.defaultSteps
    ) {
        self.x = x
        self.exactDerivative = exactDerivative
        rows = steps.map { h in
            var errors: [DifferenceScheme: Double] = [:]
            for scheme in DifferenceScheme.allCases {
                errors[scheme] = abs(numericalDerivative(of: f, at: x, h: h, scheme: scheme) - exactDerivative)
            }
            return Row(h: h, errors: errors)
        }
    }

    /// The row with the smallest error for `scheme`: the empirical best step.
    public func bestStep(for scheme: DifferenceScheme) -> Row? {
        rows.min { ($0.errors[scheme] ?? .infinity) < ($1.errors[scheme] ?? .infinity) }
    }

    /// The theoretical best step for `scheme`, where truncation and rounding error balance:
    /// ε^(1/2), ε^(1/3) or ε^(1/5) for forward, central and five-point differences.
    public static func theoreticalBestStep(for scheme: DifferenceScheme) -> Double {
        let epsilon = Double.ulpOfOne
        switch scheme {
        case .forward: return epsilon.squareRoot()
        case .central: return Foundation.cbrt(epsilon)
        case .fivePoint: return Foundation.pow(epsilon, 0.2)
        }
    }
}

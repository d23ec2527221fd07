import Foundation

/// The complex step's error as h shrinks, beside the finite differences' errors: the V-shaped
/// plot of `StepSizeStudy` with one more line, which has no left arm.
///
/// ```
/// complex step   |Im f(x + ih)/h − f′(x)|   ≈ h²·|f‴|/6 for large h, then ε·|f′| for every smaller h
/// central        |(f(x+h) − f(x−h))/2h − f′(x)|   ≈ h²·|f‴|/6 + ε·|f|/h          (the V)
/// ```
///
/// On the right (large h) the complex step's line runs beside the central difference's, with
/// slope 2: both have truncation error h²·f‴/6. Where the central difference turns up (below
/// about ε^(1/3)) because f(x+h) − f(x−h) cancels, the complex step flattens out at rounding
/// level and stays there, down to h = 10⁻²⁰ and far beyond: it subtracts nothing, so there is
/// nothing to cancel. Any h below about √ε (times the scale of x) is a best step.
///
/// The finite differences are computed on the real function t ↦ Re f(t + 0i), which is f on the
/// real axis, by `StepSizeStudy` itself, so the two studies' columns are the same numbers.
public struct ComplexStepStudy: Sendable {
    /// One step size, the complex step's absolute error there, and each finite difference's.
    public struct Row: Sendable, Equatable {
        /// The step h (imaginary for the complex step, real for the differences).
        public var h: Double
        /// |complexStepDerivative(f, x, h) − f′(x)|.
        public var complexStepError: Double
        /// |estimate − exact| for each finite-difference scheme, as in `StepSizeStudy.Row`.
        public var errors: [DifferenceScheme: Double]
    }

    /// The point x where the derivative is taken.
    public let x: Double
    /// The exact derivative f′(x) the errors are measured against.
    public let exactDerivative: Double
    /// One row per step size, in the order given.
    public let rows: [Row]

    /// The steps 10⁻¹, 10^−1.5, …, 10⁻²⁰: `StepSizeStudy.defaultSteps` continued four decades
    /// past 10⁻¹⁶, where the differences have lost every digit and the complex step has not.
    public static let defaultSteps: [Double] = stride(from: -1.0, through: -20.0, by: -0.5).map {
        Foundation.pow(10, $0)
    }

    /// Runs the study for `f` at `x`, comparing against the known derivative `exactDerivative`.
    ///
    /// - Parameters:
    ///   - f: the function, written on `Complex` numbers and real on the real axis.
    ///   - exactDerivative: f′(x), known in closed form.
    ///   - x: the point.
    ///   - steps: the step sizes to try (default `defaultSteps`).
    /// - Complexity: per step, one complex evaluation of f and the eight real evaluations of the
    ///   three difference schemes.
    public init(
        of f: (Complex) -> Complex, exactDerivative: Double, at x: Double,
        steps: [Double] = ComplexStepStudy.defaultSteps
    ) {
        self.x = x
        self.exactDerivative = exactDerivative
        let differences = StepSizeStudy(of: { f(Complex($0)).real }, exactDerivative: exactDerivative, at: x, steps: steps)
        rows = differences.rows.map { row in
            let error = abs(complexStepDerivative(of: f, at: x, h: row.h) - exactDerivative)
            return Row(h: row.h, complexStepError: error, errors: row.errors)
        }
    }

    /// The row with the smallest complex-step error. Many rows tie at rounding level; this is
    /// the first (largest h) of the smallest.
    public func bestComplexStep() -> Row? {
        rows.min { $0.complexStepError < $1.complexStepError }
    }

    /// The row with the smallest error for `scheme`: the empirical best step, as in
    /// `StepSizeStudy.bestStep(for:)`.
    public func bestStep(for scheme: DifferenceScheme) -> Row? {
        rows.min { ($0.errors[scheme] ?? .infinity) < ($1.errors[scheme] ?? .infinity) }
    }
}

/// How far apart an analytic and a numerical gradient are, in the bands students learn to read.
///
/// ```
/// relative error ≤ 1e-7   good: the backward pass is right
///                ≤ 1e-4   acceptable only where the function has kinks (ReLU, max)
///                ≤ 1e-2   suspicious: look for a missing factor or a wrong index
///                 > 1e-2  wrong
/// NaN or ∞ anywhere   non-finite: no error can be measured; the backward pass (or the loss)
///                     produced a value that is not a number
/// ```
public enum GradientVerdict: String, Sendable, CaseIterable, Comparable {
    /// Relative error ≤ 10⁻⁷.
    case good
    /// Relative error ≤ 10⁻⁴: fine for kinked functions (ReLU), doubtful for smooth ones.
    case acceptable
    /// Relative error ≤ 10⁻².
    case suspicious
    /// Relative error above 10⁻².
    case wrong
    /// An element of either gradient is NaN or infinite: reported as such, never judged by an
    /// error that NaN would make meaningless. The worst verdict.
    case nonFinite = "non-finite"

    /// The band a relative error falls in. NaN is `.wrong` (a comparison that sees a NaN or
    /// infinite gradient element says `.nonFinite` before it gets here).
    public init(relativeError: Double) {
        switch relativeError {
        case ...1e-7: self = .good
        case ...1e-4: self = .acceptable
        case ...1e-2: self = .suspicious
        default: self = .wrong  // includes NaN, which matches no range above
        }
    }

    /// The upper limit of the band's relative error (∞ for `.wrong` and `.nonFinite`).
    public var upperBound: Double {
        switch self {
        case .good: 1e-7
        case .acceptable: 1e-4
        case .suspicious: 1e-2
        case .wrong, .nonFinite: .infinity
        }
    }

    /// Orders verdicts from best to worst.
    public static func < (lhs: GradientVerdict, rhs: GradientVerdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

import Foundation
import Testing

// Tolerances and a helper for the exact methods (dual numbers, the complex step), which are
// accurate to a few units in the last place rather than to the 10⁻⁷ of a finite difference.

extension Tolerance {
    /// One elementary derivative rule against its closed form: each side rounds two or three
    /// times (the library function, a product or quotient), and the libraries promise about one
    /// ulp per function, so the two agree to a few ulps; four ulps of relative error is 8.9·10⁻¹⁶.
    static let fewUlps = 4 * Double.ulpOfOne
    /// A composite of about a dozen operations against a high-precision reference: each
    /// operation adds up to an ulp or so, and the derivative rules multiply a few of them, so a
    /// relative error of 10⁻¹⁴ (about 45 ulps) leaves room without hiding a wrong rule, which
    /// would be off in the first few digits.
    static let composite = 1e-14
}

/// Asserts |actual − expected| ≤ tolerance·|expected|: agreement to a relative tolerance.
func expectRelative(
    _ actual: Double, _ expected: Double, tolerance: Double, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(abs(actual - expected) <= tolerance * abs(expected),
            "\(comment()) \(actual) vs \(expected): relative error \(abs(actual - expected) / abs(expected))",
            sourceLocation: sourceLocation)
}

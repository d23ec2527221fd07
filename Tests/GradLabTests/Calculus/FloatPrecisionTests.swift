import Foundation
import GradLab
import Testing

@Suite("Finite differences in Float")
struct FloatPrecisionTests {
    @Test func floatsRoundingOvertakesTruncationAtALargerStep() {
        // sin at 1 (exact cos 1). In Double the central difference at h = 1e-4 is good to 1e-9
        // (truncation h²/6·|cos 1| ≈ 9e-10); in Float, rounding (about ε_F·|sin 1|/h, ε_F = 1.2e-7)
        // makes it thousands of times worse.
        let exact = cos(1.0)
        let doubleError = abs(numericalDerivative(of: { sin($0) }, at: 1, h: 1e-4) - exact)
        let floatError = abs(numericalDerivativeInFloat(of: { sin($0) }, at: 1, h: 1e-4) - exact)
        #expect(doubleError < 1e-9)
        #expect(floatError > 1000 * doubleError, "Float \(floatError), Double \(doubleError)")
        // Float's best step over h = 10⁻¹ … 10⁻⁷ lies at 10⁻³ or above, where theory puts it
        // (∛ε_F ≈ 4.9e-3), not near Double's 6e-6; and it beats the book's h.
        let steps = stride(from: -1.0, through: -7.0, by: -0.5).map { pow(10, $0) }
        let errors = steps.map { abs(numericalDerivativeInFloat(of: { sin($0) }, at: 1, h: $0) - exact) }
        let best = steps[errors.indices.min { errors[$0] < errors[$1] }!]
        #expect(best >= 1e-3 && best <= 1e-1, "best Float step \(best)")
        #expect(errors.min()! < floatError)
        #expect(abs(StepSizeStudy.theoreticalBestStepInFloat(for: .central) - cbrt(Double(Float.ulpOfOne))) < 1e-18)
    }

    @Test func withTheArgumentsRepresentableTheFormulasAreTheDoubleOnes() {
        // For f(x) = 2x + 1 at x = 1 with h = 0.5 every value is exact in Float: each scheme gives 2.
        for scheme in DifferenceScheme.allCases {
            #expect(numericalDerivativeInFloat(of: { 2 * $0 + 1 }, at: 1, h: 0.5, scheme: scheme) == 2)
        }
    }
}

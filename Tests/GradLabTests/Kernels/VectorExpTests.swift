import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Vectorised exp")
struct VectorExpTests {
    /// The distance in units in the last place between two positive doubles.
    func ulps(_ a: Double, _ b: Double) -> Int {
        guard a != b else { return 0 }
        return abs(Int(truncatingIfNeeded: a.bitPattern) - Int(truncatingIfNeeded: b.bitPattern))
    }

    @Test func agreesWithFoundationToTwoUlps() {
        var generator = SplitMix64(seed: 1)
        var worst = 0
        for scale in [1e-12, 1e-3, 0.5, 1, 10, 100, 700] {
            for _ in 0..<20_000 {
                let lanes = SIMD4<Double>((0..<4).map { _ in (2 * generator.nextUniform() - 1) * scale })
                let result = exp(lanes)
                for lane in 0..<4 { worst = max(worst, ulps(result[lane], Foundation.exp(lanes[lane]))) }
            }
        }
        #expect(worst <= 2)
    }

    @Test func edgeCases() {
        let special = exp(SIMD4<Double>(0, -.infinity, .infinity, 710))
        #expect(special[0] == 1 && special[1] == 0 && special[2] == .infinity && special[3] == .infinity)
        #expect(exp(SIMD4<Double>(repeating: .nan))[0].isNaN)
        let tiny = exp(SIMD4<Double>(-720, -745, -746, 1))
        #expect(tiny[0] == Foundation.exp(-720) && tiny[1] == Foundation.exp(-745) && tiny[2] == 0)
        // ln 2 exactly: e^(ln 2) = 2 to the ulp.
        #expect(ulps(exp(SIMD4<Double>(repeating: M_LN2))[0], 2) <= 1)
    }

    @Test func bufferVersionHandlesTails() {
        var values = (0..<7).map { Double($0) - 3 }
        values.withUnsafeMutableBufferPointer { expInPlace($0) }
        for (i, value) in values.enumerated() { #expect(ulps(value, Foundation.exp(Double(i) - 3)) <= 2) }
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Smoothing")
struct SmoothingTests {
    /// A handful of multiply-adds and one division per value: rounding stays within a few ulps.
    static let tolerance = 1e-14

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in x.isNaN ? y.isNaN : abs(x - y) <= tolerance * max(1, abs(y)) }
    }

    @Test("edge cases: empty input, one value")
    func edgeCases() {
        #expect(Smoothing.exponentialMovingAverage([], factor: 0.9).isEmpty)
        #expect(Smoothing.exponentialMovingAverage([7], factor: 0.9) == [7])  // debiased: s₁ = v₁
        #expect(Smoothing.movingAverage([], window: 3).isEmpty)
        #expect(Smoothing.movingAverage([7], window: 3) == [7])
    }

    @Test("debiased EMA against a hand calculation, factor 0.5")
    func emaByHand() {
        // sᵢ is the mean of v₁…vᵢ weighted 1, ½, ¼, … from the newest:
        // s₁ = 1
        // s₂ = (½·1 + 1·2) / (½ + 1)            = 2.5 / 1.5  = 5/3
        // s₃ = (¼·1 + ½·2 + 1·3) / (¼ + ½ + 1)  = 4.25 / 1.75 = 17/7
        let smoothed = Smoothing.exponentialMovingAverage([1, 2, 3], factor: 0.5)
        #expect(Self.close(smoothed, [1, 5.0 / 3, 17.0 / 7]))
    }

    @Test("factor 0 returns the input; a constant stays constant (no bias toward 0)")
    func emaLimits() {
        let values = [3.0, -1, 4, 1, -5]
        #expect(Smoothing.exponentialMovingAverage(values, factor: 0) == values)
        #expect(Self.close(Smoothing.exponentialMovingAverage([4, 4, 4, 4], factor: 0.9), [4, 4, 4, 4]))
    }

    @Test("EMA passes NaN through without disturbing the average")
    func emaNaN() {
        // The NaN is skipped: s₃ = (½·1 + 1·3) / 1.5 = 7/3.
        let smoothed = Smoothing.exponentialMovingAverage([1, .nan, 3], factor: 0.5)
        #expect(Self.close(smoothed, [1, .nan, 7.0 / 3]))
    }

    @Test("trailing moving average against a hand calculation")
    func movingAverageByHand() {
        // window 3: [1], [1,2], [1,2,3], [2,3,4], [3,4,5] → 1, 1.5, 2, 3, 4.
        #expect(Self.close(Smoothing.movingAverage([1, 2, 3, 4, 5], window: 3), [1, 1.5, 2, 3, 4]))
        #expect(Smoothing.movingAverage([1, 2, 3], window: 1) == [1, 2, 3])
        // NaN is left out of the mean: window 2 over [1, NaN, 3] → 1, 1, 3.
        #expect(Self.close(Smoothing.movingAverage([1, .nan, 3], window: 2), [1, 1, 3]))
    }

    @Test("moving average matches a direct mean on longer input (running sum does not drift)")
    func movingAverageMatchesDirectMean() {
        let values = (0..<1000).map { i in Double((i * 7919) % 101) / 10 }
        let window = 17
        let fast = Smoothing.movingAverage(values, window: window)
        let direct = values.indices.map { i in
            let slice = values[max(0, i - window + 1)...i]
            return slice.reduce(0, +) / Double(slice.count)
        }
        // The running sum accumulates rounding over 1000 adds and subtracts of values ≤ 10.
        let driftTolerance = 1e-11
        #expect(zip(fast, direct).allSatisfy { abs($0 - $1) <= driftTolerance })
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Expected ticks are worked out by hand from Heckbert's rules (see `AxisTicks`): the rough
/// step is span / (count − 1), rounded to 1, 2, 5 or 10 × 10ᵏ with the thresholds 1.5, 3, 7.
@Suite("AxisTicks")
struct AxisTicksTests {
    @Test("nice numbers: nearest (round) and at-least (ceiling) forms")
    func niceNumbers() {
        // f = 1.94 < 3 → 2;  f = 2.3 → 2 at 10⁻¹;  f = 7.2 ≥ 7 → 10;  f = 4.2 → 5 at 10⁻³.
        #expect(AxisTicks.niceNumber(1.94, round: true) == 2)
        #expect(AxisTicks.niceNumber(0.23, round: true) == 0.2)
        #expect(AxisTicks.niceNumber(7.2, round: true) == 10)
        #expect(AxisTicks.niceNumber(0.0042, round: true) == 0.005)
        #expect(AxisTicks.niceNumber(1.4, round: true) == 1)
        // Ceiling form: the smallest of 1, 2, 5, 10 × 10ᵏ at or above x.
        #expect(AxisTicks.niceNumber(9.7, round: false) == 10)
        #expect(AxisTicks.niceNumber(4, round: false) == 5)
        #expect(AxisTicks.niceNumber(2, round: false) == 2)
        #expect(AxisTicks.niceNumber(1000, round: false) == 1000)  // an exact power of ten
    }

    @Test("0…1 → 0, 0.2, 0.4, 0.6, 0.8, 1 (rough step 0.2)")
    func unitRange() {
        let ticks = AxisTicks.linear(in: 0...1, targetCount: 6)
        // Exact equality: the values must be the doubles nearest to these decimals, not
        // accumulations like 3 × 0.2 = 0.6000000000000001.
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ticks.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    @Test("0…9.7 → step 2 (rough 1.94): 0…8 inside, 0…10 as a covering range")
    func upToNinePointSeven() {
        let ticks = AxisTicks.linear(in: 0...9.7, targetCount: 6)
        #expect(ticks.values == [0, 2, 4, 6, 8])
        #expect(ticks.labels == ["0", "2", "4", "6", "8"])
        #expect(AxisTicks.niceRange(covering: 0...9.7, targetCount: 6) == 0...10)
    }

    @Test("labels without float noise: 0…0.7 in steps of 0.1")
    func tenthsHaveNoNoise() {
        let ticks = AxisTicks.linear(in: 0...0.7, targetCount: 8)
        #expect(ticks.labels == ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(ticks.values[3] == 0.3)  // not 0.30000000000000004
    }

    @Test("negative ranges and decimals: −1…1 → step 0.5 (rough 0.5)")
    func symmetricRange() {
        let ticks = AxisTicks.linear(in: -1...1, targetCount: 5)
        #expect(ticks.values == [-1, -0.5, 0, 0.5, 1])
        #expect(ticks.labels == ["-1", "-0.5", "0", "0.5", "1"])
    }

    @Test("tiny and huge ranges use compact scientific labels")
    func scientificLabels() {
        // 0…3e-5, 4 ticks: rough step 1e-5 → 1e-5.
        let tiny = AxisTicks.linear(in: 0...3e-5, targetCount: 4)
        #expect(tiny.labels == ["0", "1e-5", "2e-5", "3e-5"])
        // 0…2.5e6, 6 ticks: rough step 5e5 → 5e5.
        let huge = AxisTicks.linear(in: 0...2.5e6, targetCount: 6)
        #expect(huge.values == [0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6])
        #expect(huge.labels == ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"])
    }

    @Test("a single-value range gets one tick")
    func degenerateRange() {
        let ticks = AxisTicks.linear(in: 3...3)
        #expect(ticks.values == [3])
        #expect(ticks.labels == ["3"])
    }

    @Test("log 1e-16…1e-1: 16 powers, 8 wanted → every second power")
    func logManyDecades() {
        let ticks = AxisTicks.logarithmic(in: 1e-16...1e-1, targetCount: 8)
        // Exponents that are multiples of 2 between −16 and −1.
        #expect(ticks.values == [1e-16, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2])
        #expect(ticks.labels == ["1e-16", "1e-14", "1e-12", "1e-10", "1e-8", "1e-6", "1e-4", "1e-2"])
        // The skipped powers remain as unlabelled minor gridlines.
        #expect(ticks.minorValues.contains(1e-15))
        #expect(ticks.minorValues.contains(1e-1))
    }

    @Test("log 1e-3…1e3: every power, plain labels, minor ticks at 2…9 × 10ᵏ")
    func logFewDecades() {
        let ticks = AxisTicks.logarithmic(in: 1e-3...1e3, targetCount: 8)
        #expect(ticks.values == [1e-3, 1e-2, 0.1, 1, 10, 100, 1000])
        #expect(ticks.labels == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"])
        #expect(ticks.minorValues.contains(2e-3))
        #expect(ticks.minorValues.contains(900))
        #expect(ticks.minorValues.count == 6 * 8)  // 8 minor ticks in each of 6 decades
    }

    @Test("log within a decade falls back to 1, 2, 5 × 10ᵏ, then to linear ticks")
    func logNarrowRanges() {
        // Only 10 is a power of ten in 1.5…60; 2, 5, 10, 20, 50 are the 1-2-5 values inside.
        #expect(AxisTicks.logarithmic(in: 1.5...60).values == [2, 5, 10, 20, 50])
        // 2…9 holds neither a power of ten nor three 1-2-5 values: linear, rough step
        // 7 / 4 = 1.75 → 2.
        #expect(AxisTicks.logarithmic(in: 2...9, targetCount: 5).values == [2, 4, 6, 8])
    }

    @Test("a log range that is not positive has no ticks (and does not crash)")
    func logNonPositive() {
        #expect(AxisTicks.logarithmic(in: -1...10).values.isEmpty)
        #expect(AxisTicks.logarithmic(in: 0...10).values.isEmpty)
    }
}

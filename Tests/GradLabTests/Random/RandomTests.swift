import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Seeded randomness")
struct RandomTests {
    @Test func splitMix64MatchesPublishedSequence() {
        // The reference sequence for seed 1234567 from Vigna's splitmix64.c.
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [6_457_827_717_110_365_317, 3_203_168_211_198_807_973,
                                  9_817_491_932_198_370_423, 4_593_380_528_125_082_431,
                                  16_408_922_859_458_223_821]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    @Test func sameSeedSameNumbers() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let first = (0..<10).map { _ in a.nextStandardNormal() }
        #expect(first == (0..<10).map { _ in b.nextStandardNormal() })
        #expect(first != (0..<10).map { _ in c.nextStandardNormal() })
    }

    @Test func uniformAndIndexRanges() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let u = generator.nextUniform()
            #expect(u >= 0 && u < 1)
            let i = generator.nextIndex(below: 3)
            #expect((0..<3).contains(i))
        }
        #expect(generator.nextIndex(below: 1) == 0)
    }

    @Test func normalSamplesHaveMeanZeroAndVarianceOne() {
        // With n = 100,000 samples, the standard error of the mean is 1/√n ≈ 0.0032 and of the
        // variance √(2/n) ≈ 0.0045; 5 standard errors leave a false alarm at about 1 in 10⁶.
        var generator = SplitMix64(seed: 2024)
        let n = 100_000
        let samples = (0..<n).map { _ in generator.nextStandardNormal() }
        let mean = samples.reduce(0, +) / Double(n)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean) < 5 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot())
    }

    @Test func permutationContainsEveryIndexOnce() {
        var generator = SplitMix64(seed: 5)
        #expect(generator.permutation(of: 0) == [])
        #expect(generator.permutation(of: 1) == [0])
        let p = generator.permutation(of: 1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
    }

    @Test func randomNormalTensorScalesByStandardDeviation() {
        var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9)
        let unit = Tensor.randomNormal(shape: [3, 4], using: &a)
        let scaled = Tensor.randomNormal(shape: [3, 4], standardDeviation: 0.01, using: &b)
        #expect(scaled.shape == [3, 4])
        expectClose(scaled, unit * 0.01, tolerance: 0)
    }
}

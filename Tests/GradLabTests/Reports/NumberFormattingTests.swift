import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("NumberFormatting")
struct NumberFormattingTests {
    @Test("special values: zero of either sign, NaN, infinities")
    func specialValues() {
        #expect(NumberFormatting.format(0) == "0")
        #expect(NumberFormatting.format(-0.0) == "0")
        #expect(NumberFormatting.format(.nan) == "NaN")
        #expect(NumberFormatting.format(.infinity) == "inf")
        #expect(NumberFormatting.format(-.infinity) == "-inf")
    }

    @Test("float noise is rounded away: 0.1 + 0.2 prints as 0.3")
    func floatNoise() {
        #expect("\(0.1 + 0.2)" == "0.30000000000000004")  // the noise this guards against
        #expect(NumberFormatting.format(0.1 + 0.2) == "0.3")
        // i × 0.1 accumulates error; the text must still be the decimal i/10, built here from
        // integers.
        for i in 0..<200 {
            let expected = i % 10 == 0 ? "\(i / 10)" : "\(i / 10).\(i % 10)"
            #expect(NumberFormatting.format(Double(i) * 0.1, significantDigits: 6) == expected)
        }
    }

    @Test("significant digits in fixed notation; integer digits are never dropped")
    func fixedNotation() {
        #expect(NumberFormatting.format(1234.5678, significantDigits: 4) == "1235")
        #expect(NumberFormatting.format(3.14159, significantDigits: 3) == "3.14")
        #expect(NumberFormatting.format(-0.012345, significantDigits: 2) == "-0.012")
        #expect(NumberFormatting.format(123_456, significantDigits: 3) == "123456")
        #expect(NumberFormatting.format(2.5, significantDigits: 4) == "2.5")
        // Rounding up across a power of ten: 9.99996 → 10.000 → "10".
        #expect(NumberFormatting.format(9.99996, significantDigits: 4) == "10")
    }

    @Test("compact scientific notation below 1e-3 and from 1e6")
    func scientificNotation() {
        #expect(NumberFormatting.format(1e-8) == "1e-8")
        #expect(NumberFormatting.format(-2.5e-7) == "-2.5e-7")
        #expect(NumberFormatting.format(2_500_000) == "2.5e6")
        #expect(NumberFormatting.format(1e6) == "1e6")
        #expect(NumberFormatting.format(0.001) == "0.001")  // the boundary stays fixed
        #expect(NumberFormatting.format(0.000999, significantDigits: 3) == "9.99e-4")
        // The mantissa rounds up into the next power: 9.9996e-5 → 1.000e-4 → "1e-4".
        #expect(NumberFormatting.scientific(9.9996e-5, significantDigits: 4) == "1e-4")
        #expect(NumberFormatting.scientific(123.456, significantDigits: 2) == "1.2e2")
    }
}

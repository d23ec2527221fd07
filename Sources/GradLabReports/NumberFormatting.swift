import Foundation

/// Short, human-readable number text for tick labels, table cells and terminal output.
///
/// `"\(0.1 + 0.2)"` prints `0.30000000000000004`: the exact binary value, which is noise to a
/// reader. These functions round to a number of *significant* digits and drop trailing zeros, and
/// switch to compact scientific notation (`1e-8`, `2.5e6`) for very small or very large values:
///
/// ```
/// format(0.30000000000000004)  → "0.3"
/// format(1234.5678)            → "1235"
/// format(0.000012345)          → "1.234e-5"
/// format(2_500_000)            → "2.5e6"
/// ```
public enum NumberFormatting {
    /// Formats `x` with at most `significantDigits` significant digits and no trailing zeros.
    ///
    /// Scientific notation (`1.5e-7`) is used when `|x| < 1e-3` or `|x| ≥ 1e6`; otherwise fixed
    /// notation. Integers with more digits than requested keep all their integer digits
    /// (`format(123456, significantDigits: 3)` is `"123456"`, never `"123000"`).
    /// NaN is `"NaN"`, infinities are `"inf"` and `"-inf"`, and zero (either sign) is `"0"`.
    ///
    /// - Parameters:
    ///   - x: the value.
    ///   - significantDigits: how many significant digits to keep, at least 1 (clamped to 1…17).
    /// - Returns: the text, ASCII only.
    public static func format(_ x: Double, significantDigits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
        if x == 0 { return "0" }
        let digits = min(max(significantDigits, 1), 17)
        let magnitude = abs(x)
        if magnitude < 1e-3 || magnitude >= 1e6 {
            return scientific(x, significantDigits: digits)
        }
        let exponent = Int((log10(magnitude)).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        return fixed(x, decimals: decimals)
    }

    /// Formats `x` in compact scientific notation: `1e-8`, `-2.5e-7`, `1.23e6`.
    ///
    /// Unlike C's `%e` (`1.000000e-08`) the mantissa has no trailing zeros and the exponent no
    /// plus sign or leading zeros.
    ///
    /// - Parameters:
    ///   - x: a finite, non-zero value (others fall back to ``format(_:significantDigits:)``).
    ///   - significantDigits: digits kept in the mantissa, at least 1.
    public static func scientific(_ x: Double, significantDigits: Int) -> String {
        guard x.isFinite, x != 0 else { return format(x, significantDigits: significantDigits) }
        let digits = min(max(significantDigits, 1), 17)
        // %e rounds correctly (9.9996 → 1.000e+01), so only the text needs tidying.
        let raw = String(format: "%.\(digits - 1)e", x)
        guard let e = raw.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return raw }
        let mantissa = stripTrailingZeros(String(raw[..<e]))
        let exponent = Int(raw[raw.index(after: e)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// Formats `x` in fixed notation with exactly `decimals` digits after the point, then drops
    /// trailing zeros (`fixed(2.50, decimals: 2)` is `"2.5"`). Never returns `"-0"`.
    static func fixed(_ x: Double, decimals: Int) -> String {
        let text = stripTrailingZeros(String(format: "%.\(min(max(decimals, 0), 20))f", x))
        return text == "-0" ? "0" : text
    }

    /// `"2.500"` → `"2.5"`, `"3.000"` → `"3"`, `"120"` → `"120"`.
    static func stripTrailingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }

    /// A pixel coordinate for SVG output, rounded to 0.1 px: `12.0` → `"12"`, `-3.14` → `"-3.1"`.
    ///
    /// Tenths of a pixel are below what a screen can show and keep long paths small.
    static func pixel(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        let whole = magnitude / 10, fraction = magnitude % 10
        if fraction == 0 { return whole == 0 ? "0" : "\(sign)\(whole)" }
        return "\(sign)\(whole).\(fraction)"
    }
}

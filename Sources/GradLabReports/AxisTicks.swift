import Foundation

/// Tick positions and labels for one chart axis, chosen with the "nice numbers" algorithm.
///
/// People read `0, 0.2, 0.4, …` at a glance but stumble over `0, 0.17, 0.34, …`. Following
/// Heckbert ("Nice numbers for graph labels", *Graphics Gems*, 1990), a linear axis steps by
/// `1, 2 or 5 × 10ᵏ`:
///
/// ```
/// rough step = span / (targetCount − 1)
/// step       = niceNumber(rough step, round: true)        // 1, 2, 5 or 10 × 10ᵏ
/// ticks      = every multiple of step inside the range
/// ```
///
/// A logarithmic axis puts its ticks on powers of ten (every second or third power when there
/// are many), with unlabelled minor ticks at `2…9 × 10ᵏ` when there is room. Labels carry no
/// float noise (`0.6`, not `0.6000000000000001`) and use compact scientific notation (`1e-8`)
/// for very small or large values.
public struct AxisTicks: Sendable, Equatable {
    /// The labelled (major) tick positions, increasing, in data units.
    public var values: [Double]
    /// One label per value in ``values``.
    public var labels: [String]
    /// Unlabelled minor tick positions (light gridlines), increasing, in data units.
    public var minorValues: [Double]

    /// Creates ticks from their parts.
    public init(values: [Double], labels: [String], minorValues: [Double] = []) {
        self.values = values
        self.labels = labels
        self.minorValues = minorValues
    }

    // MARK: Nice numbers

    /// Heckbert's nice number near `x`: `1, 2, 5` or `10 × 10ᵏ`.
    ///
    /// ```
    /// x = f × 10ᵏ with 1 ≤ f < 10
    /// round: true   → f < 1.5 → 1, f < 3 → 2, f < 7 → 5, else 10   (nearest nice number)
    /// round: false  → f ≤ 1 → 1, f ≤ 2 → 2, f ≤ 5 → 5, else 10     (smallest nice number ≥ x)
    /// ```
    ///
    /// - Parameters:
    ///   - x: a positive, finite value.
    ///   - round: `true` for the nearest nice number, `false` to round up.
    /// - Returns: the nice number, or `x` itself if it is not positive and finite.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return x }
        return NiceStep(x, round: round).value
    }

    /// The loosely labelled range that covers `range`: its bounds moved outward to multiples of
    /// the nice step, so that the first and last ticks sit on the ends (`0…9.7` → `0…10`).
    ///
    /// - Parameters:
    ///   - range: the data range.
    ///   - targetCount: roughly how many ticks to aim for (at least 2).
    /// - Returns: the widened range; a single-value range is returned unchanged.
    public static func niceRange(covering range: ClosedRange<Double>, targetCount: Int = 6)
        -> ClosedRange<Double>
    {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return range }
        let step = NiceStep(span / Double(max(targetCount, 2) - 1), round: true)
        guard let first = step.index(atOrBelow: range.lowerBound),
            let last = step.index(atOrAbove: range.upperBound)
        else { return range }
        return step.multiple(first)...step.multiple(last)
    }

    // MARK: Linear axes

    /// Ticks for a linear axis: the multiples of a nice step that lie inside `range`.
    ///
    /// ```
    /// 0…1,   6 ticks wanted → 0, 0.2, 0.4, 0.6, 0.8, 1
    /// 0…9.7, 6 ticks wanted → 0, 2, 4, 6, 8
    /// ```
    ///
    /// Labels use as many decimals as the step needs (step 0.05 → two decimals), or compact
    /// scientific notation when the largest tick is below 1e-3 or at least 1e6.
    ///
    /// - Parameters:
    ///   - range: the visible range; a single value gets one tick.
    ///   - targetCount: roughly how many ticks to aim for (at least 2).
    /// - Complexity: O(number of ticks).
    public static func linear(in range: ClosedRange<Double>, targetCount: Int = 6) -> AxisTicks {
        let lower = range.lowerBound, upper = range.upperBound
        guard lower.isFinite, upper.isFinite else { return AxisTicks(values: [], labels: []) }
        guard upper > lower else {
            return AxisTicks(values: [lower], labels: [NumberFormatting.format(lower)])
        }
        let step = NiceStep((upper - lower) / Double(max(targetCount, 2) - 1), round: true)
        guard let first = step.index(atOrAbove: lower), let last = step.index(atOrBelow: upper),
            first <= last
        else {
            return AxisTicks(values: [lower, upper], labels: [lower, upper].map { NumberFormatting.format($0) })
        }
        let values = (first...last).map(step.multiple)
        return AxisTicks(values: values, labels: linearLabels(values, step: step))
    }

    /// Labels for multiples of `step`, all in the same notation so the axis reads evenly.
    static func linearLabels(_ values: [Double], step: NiceStep) -> [String] {
        let largest = values.map(abs).max() ?? 0
        let scientific = largest >= 1e6 || (largest > 0 && largest < 1e-3)
        return values.map { value in
            if abs(value) < step.value * 1e-9 { return "0" }
            if scientific {
                // The digit at 10^exponent is the last one that varies between ticks.
                let leading = Int(log10(abs(value)).rounded(.down))
                return NumberFormatting.scientific(
                    value, significantDigits: max(1, leading - step.exponent + 1))
            }
            return NumberFormatting.fixed(value, decimals: max(0, -step.exponent))
        }
    }

    // MARK: Logarithmic axes

    /// Ticks for a base-10 logarithmic axis.
    ///
    /// - Two or more powers of ten inside the range: ticks on powers of ten, every `s`-th power
    ///   (every 1, 2, 3, 4, 5, 10, … powers) so at most about `targetCount` are labelled, for example
    ///   `1e-16, 1e-14, …, 1e-2`. Skipped powers become minor ticks; with every power labelled
    ///   and at most 6 decades, `2…9 × 10ᵏ` are minor ticks too.
    /// - Fewer powers (a range within about one decade): `1, 2, 5 × 10ᵏ` if at least three fit,
    ///   otherwise linear nice ticks.
    ///
    /// Labels are `1e-8` style when a labelled power lies outside `1e-3 … 1e5`, plain otherwise
    /// (`0.01, 0.1, 1, 10`). Non-positive bounds are not drawable on a log axis: such a range
    /// gets no ticks.
    ///
    /// - Parameters:
    ///   - range: the visible range, `lowerBound > 0`.
    ///   - targetCount: roughly how many labelled ticks to aim for (at least 2).
    public static func logarithmic(in range: ClosedRange<Double>, targetCount: Int = 6)
        -> AxisTicks
    {
        let lower = range.lowerBound, upper = range.upperBound
        guard lower > 0, lower.isFinite, upper.isFinite else {
            return AxisTicks(values: [], labels: [])
        }
        let tolerance = 1e-9
        let firstPower = Int((log10(lower) - tolerance).rounded(.up))
        let lastPower = Int((log10(upper) + tolerance).rounded(.down))
        let powerCount = lastPower - firstPower + 1
        if powerCount >= 2 {
            return powersOfTen(firstPower...lastPower, in: range, targetCount: targetCount)
        }
        // Within about one decade: try 1, 2, 5 × 10ᵏ.
        var candidates: [Double] = []
        for exponent in (firstPower - 1)...(lastPower + 1) {
            for mantissa in [1, 2, 5] {
                let value = NiceStep(mantissa: mantissa, exponent: exponent).value
                if value >= lower * (1 - tolerance) && value <= upper * (1 + tolerance) {
                    candidates.append(value)
                }
            }
        }
        if candidates.count >= 3 {
            let labels = candidates.map { NumberFormatting.format($0, significantDigits: 1) }
            return AxisTicks(values: candidates, labels: labels)
        }
        return linear(in: range, targetCount: min(targetCount, 5))
    }

    /// Powers of ten `10^e` for `e` in `exponents`, thinned to about `targetCount` labels.
    private static func powersOfTen(
        _ exponents: ClosedRange<Int>, in range: ClosedRange<Double>, targetCount: Int
    ) -> AxisTicks {
        let count = exponents.count
        let strides = [1, 2, 3, 4, 5, 10, 20, 50, 100]
        let every = strides.first { (count + $0 - 1) / $0 <= max(targetCount, 2) } ?? 100
        var major: [Int] = []
        var minor: [Double] = []
        for exponent in exponents {
            // Multiples of the stride, so 1e-16, 1e-14, … and never 1e-15, 1e-13, ….
            if exponent.isMultiple(of: every) { major.append(exponent) } else {
                minor.append(powerOfTen(exponent))
            }
        }
        if major.count < 2 {  // e.g. 10^-1…10^1 with stride 2: label the ends instead
            major = [exponents.lowerBound, exponents.upperBound]
            minor = exponents.filter { !major.contains($0) }.map(powerOfTen)
        }
        if every == 1 && count <= 7 {
            for exponent in (exponents.lowerBound - 1)...exponents.upperBound {
                for mantissa in 2...9 {
                    let value = Double(mantissa) * powerOfTen(exponent)
                    if value > range.lowerBound && value < range.upperBound { minor.append(value) }
                }
            }
            minor.sort()
        }
        let plain = major.allSatisfy { (-3...5).contains($0) }
        let labels = major.map { exponent in
            plain || exponent == 0
                ? NumberFormatting.format(powerOfTen(exponent), significantDigits: 1)
                : "1e\(exponent)"
        }
        return AxisTicks(values: major.map(powerOfTen), labels: labels, minorValues: minor)
    }

    /// `10^exponent` as the double nearest to the decimal `1e<exponent>` (no `pow` rounding).
    static func powerOfTen(_ exponent: Int) -> Double {
        Double("1e\(exponent)") ?? pow(10, Double(exponent))
    }
}

/// A nice step `mantissa × 10^exponent` with mantissa 1, 2 or 5, able to produce its multiples
/// without accumulating float error (`3 × 0.2` is computed as `6 / 10 = 0.6`).
struct NiceStep: Sendable, Equatable {
    var mantissa: Int
    var exponent: Int

    init(mantissa: Int, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// Heckbert's nice number for `x > 0` (see ``AxisTicks/niceNumber(_:round:)``).
    init(_ x: Double, round: Bool) {
        var exponent = Int(log10(x).rounded(.down))
        var fraction = x / AxisTicks.powerOfTen(exponent)
        // log10 can land a hair off for exact powers: renormalise to 1 ≤ fraction < 10.
        if fraction >= 10 { fraction /= 10; exponent += 1 }
        if fraction < 1 { fraction *= 10; exponent -= 1 }
        let mantissa: Int
        if round {
            mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            mantissa = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        if mantissa == 10 { self.init(mantissa: 1, exponent: exponent + 1) } else {
            self.init(mantissa: mantissa, exponent: exponent)
        }
    }

    /// The step as a number.
    var value: Double { multiple(1) }

    /// `index × step`, computed from integers so that decimal ticks are the nearest doubles.
    func multiple(_ index: Int) -> Double {
        let units = Double(index * mantissa)
        return exponent >= 0
            ? units * AxisTicks.powerOfTen(exponent) : units / AxisTicks.powerOfTen(-exponent)
    }

    /// The largest `i` with `i × step ≤ v` (with a relative tolerance), if it fits an `Int`.
    func index(atOrBelow v: Double) -> Int? {
        let ratio = v / value
        guard abs(ratio) < 1e15 else { return nil }
        return Int((ratio + 1e-9).rounded(.down))
    }

    /// The smallest `i` with `i × step ≥ v` (with a relative tolerance), if it fits an `Int`.
    func index(atOrAbove v: Double) -> Int? {
        let ratio = v / value
        guard abs(ratio) < 1e15 else { return nil }
        return Int((ratio - 1e-9).rounded(.up))
    }
}

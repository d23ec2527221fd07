import Foundation

/// Maps data values on one axis to pixel positions.
///
/// ```
/// t(v)     = v (linear) or log₁₀ v (logarithmic)
/// pixel(v) = pixelLower + (t(v) − t(lower)) / (t(upper) − t(lower)) · (pixelUpper − pixelLower)
/// ```
///
/// For a vertical axis `pixelLower` is the bottom of the plot (SVG's y grows downward).
struct AxisMapping {
    let scale: AxisScale
    let lower: Double
    let upper: Double
    let pixelLower: Double
    let pixelUpper: Double
    private let t0: Double
    private let factor: Double

    init(scale: AxisScale, range: ClosedRange<Double>, pixelLower: Double, pixelUpper: Double) {
        self.scale = scale
        lower = range.lowerBound
        upper = range.upperBound
        self.pixelLower = pixelLower
        self.pixelUpper = pixelUpper
        let t0 = AxisMapping.transform(lower, scale) ?? 0
        let t1 = AxisMapping.transform(upper, scale) ?? 1
        self.t0 = t0
        factor = t1 > t0 ? (pixelUpper - pixelLower) / (t1 - t0) : 0
    }

    /// `v` or `log₁₀ v`; `nil` when the value cannot be drawn on this scale.
    static func transform(_ v: Double, _ scale: AxisScale) -> Double? {
        switch scale {
        case .linear: return v.isFinite ? v : nil
        case .logarithmic: return v > 0 && v.isFinite ? log10(v) : nil
        }
    }

    /// The pixel position of `v`, or `nil` if `v` is not drawable (NaN, ±∞, ≤ 0 on a log axis).
    func pixel(_ v: Double) -> Double? {
        guard let t = AxisMapping.transform(v, scale) else { return nil }
        return pixelLower + (t - t0) * factor
    }
}

/// Chooses the visible range of an axis.
enum AxisRangeResolver {
    /// The smallest and largest drawable values among `values`.
    static func extent(of values: some Sequence<Double>, scale: AxisScale) -> (Double, Double)? {
        var low = Double.infinity, high = -Double.infinity
        for v in values where AxisMapping.transform(v, scale) != nil {
            low = min(low, v)
            high = max(high, v)
        }
        return low <= high ? (low, high) : nil
    }

    /// The range to draw.
    ///
    /// An explicit range is used as given (a zero-width one is widened; on a log axis a
    /// non-positive lower bound is replaced by the smallest positive data value or by
    /// `upper / 1000`). Otherwise, in `t` space (log₁₀ for log axes), the data extent
    /// `[lo, hi]` gets at least `padding × span` of room on each side, and each end is pushed
    /// further, by at most `snap × span` (a third of a decade on a log axis), if that reaches a
    /// nice tick (so `0…9999` shows as
    /// `0…10000` and a loss that ends at 0.02 starts its axis at 0).
    static func resolve(
        explicit: ClosedRange<Double>?, extent: (Double, Double)?, scale: AxisScale,
        padding: Double, snap: Double, targetCount: Int
    ) -> ClosedRange<Double> {
        if let explicit, explicit.lowerBound.isFinite, explicit.upperBound.isFinite {
            var lower = explicit.lowerBound, upper = explicit.upperBound
            if scale == .logarithmic && lower <= 0 {
                guard upper > 0 else { return 1...10 }
                lower = min(extent?.0 ?? upper / 1000, upper / 1000)
            }
            if upper > lower { return lower...upper }
            return degenerate(lower, scale)
        }
        guard let (low, high) = extent else { return scale == .linear ? 0...1 : 1...10 }
        guard let t0 = AxisMapping.transform(low, scale), let t1 = AxisMapping.transform(high, scale),
            t1 - t0 > 1e-12 * max(1, abs(t0))
        else { return degenerate(low, scale) }
        let span = t1 - t0
        var lower = t0 - padding * span, upper = t1 + padding * span
        // Snap outward to a nice value if one lies within the snap allowance.
        let step =
            scale == .linear
            ? NiceStep(span / Double(max(targetCount, 2) - 1), round: true) : NiceStep(mantissa: 1, exponent: 0)
        // On a log axis the allowance is at most a third of a decade: a whole empty decade
        // would waste a good part of the plot.
        let allowance = scale == .linear ? snap * span : min(snap * span, 1.0 / 3)
        if scale == .linear || span >= 1 {
            if let i = step.index(atOrBelow: lower) {
                let nice = step.multiple(i)
                if nice >= lower - allowance { lower = nice }
            }
            if let i = step.index(atOrAbove: upper) {
                let nice = step.multiple(i)
                if nice <= upper + allowance { upper = nice }
            }
        }
        switch scale {
        case .linear: return lower...upper
        case .logarithmic: return pow(10, lower)...pow(10, upper)
        }
    }

    /// A visible range around a single value: ±10 % (±1 for zero) or one decade each way.
    static func degenerate(_ value: Double, _ scale: AxisScale) -> ClosedRange<Double> {
        switch scale {
        case .linear:
            let delta = value == 0 ? 1 : abs(value) * 0.1
            return (value - delta)...(value + delta)
        case .logarithmic:
            return value > 0 ? (value / 10)...(value * 10) : 1...10
        }
    }

    /// Ticks for a resolved range.
    static func ticks(for range: ClosedRange<Double>, scale: AxisScale, targetCount: Int) -> AxisTicks {
        switch scale {
        case .linear: return AxisTicks.linear(in: range, targetCount: targetCount)
        case .logarithmic: return AxisTicks.logarithmic(in: range, targetCount: targetCount)
        }
    }

    /// Horizontal-axis ticks whose labels do not collide: asks for fewer ticks until the widest
    /// label fits the spacing with room to spare.
    static func horizontalTicks(
        for range: ClosedRange<Double>, scale: AxisScale, plotWidth: Double
    ) -> AxisTicks {
        var target = max(2, min(10, Int(plotWidth / 65)))
        while true {
            let ticks = ticks(for: range, scale: scale, targetCount: target)
            let widest = ticks.labels.map { ChartTheme.textWidth($0, fontSize: ChartTheme.tickSize) }.max() ?? 0
            let spacing = plotWidth / Double(max(ticks.values.count, 1))
            if target <= 2 || widest + 14 <= spacing { return ticks }
            target -= 1
        }
    }
}

/// The rectangle the data is drawn in, in pixels.
struct PlotRect {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Whether (x, y) lies inside, with a tolerance of `slack` pixels.
    func contains(_ x: Double, _ y: Double, slack: Double = 0.5) -> Bool {
        x >= left - slack && x <= right + slack && y >= top - slack && y <= bottom + slack
    }
}

/// Gridlines, axes, tick labels and axis labels around a plot rectangle.
struct ChartFrame {
    var plot: PlotRect
    var x: AxisMapping
    var y: AxisMapping
    var xTicks: AxisTicks
    var yTicks: AxisTicks

    /// At 1:1 scale, half-pixel alignment makes 1-pixel lines crisp instead of blurred over two.
    private func crisp(_ v: Double) -> Double { v.rounded(.down) + 0.5 }

    /// Light gridlines behind the data: minor first, then major.
    func drawGrid(into svg: inout SVGWriter) {
        var markup = "<g stroke-width=\"1\">\n"
        let p = NumberFormatting.pixel
        for (values, color) in [(xTicks.minorValues, ChartTheme.minorGridColor), (xTicks.values, ChartTheme.gridColor)] {
            for v in values {
                guard let px = x.pixel(v), plot.contains(px, plot.top) else { continue }
                let c = crisp(px)
                markup += "<line x1=\"\(p(c))\" y1=\"\(p(plot.top))\" x2=\"\(p(c))\" y2=\"\(p(plot.bottom))\" stroke=\"\(color)\"/>\n"
            }
        }
        for (values, color) in [(yTicks.minorValues, ChartTheme.minorGridColor), (yTicks.values, ChartTheme.gridColor)] {
            for v in values {
                guard let py = y.pixel(v), plot.contains(plot.left, py) else { continue }
                let c = crisp(py)
                markup += "<line x1=\"\(p(plot.left))\" y1=\"\(p(c))\" x2=\"\(p(plot.right))\" y2=\"\(p(c))\" stroke=\"\(color)\"/>\n"
            }
        }
        svg.raw(markup + "</g>\n")
    }

    /// Axis lines (left and bottom), outward tick marks, tick labels and the axis titles.
    func drawAxes(into svg: inout SVGWriter, xLabel: String, yLabel: String) {
        let p = NumberFormatting.pixel
        var marks = "<g stroke=\"\(ChartTheme.axisColor)\" stroke-width=\"1\">\n"
        let bottom = crisp(plot.bottom), left = crisp(plot.left)
        marks += "<line x1=\"\(p(plot.left))\" y1=\"\(p(bottom))\" x2=\"\(p(plot.right))\" y2=\"\(p(bottom))\"/>\n"
        marks += "<line x1=\"\(p(left))\" y1=\"\(p(plot.top))\" x2=\"\(p(left))\" y2=\"\(p(plot.bottom))\"/>\n"
        var labels = "<g font-size=\"\(p(ChartTheme.tickSize))\" fill=\"\(ChartTheme.tickLabelColor)\">\n"
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            guard let px = x.pixel(value), plot.contains(px, plot.top) else { continue }
            marks += "<line x1=\"\(p(crisp(px)))\" y1=\"\(p(bottom))\" x2=\"\(p(crisp(px)))\" y2=\"\(p(bottom + 5))\"/>\n"
            labels += "<text x=\"\(p(px))\" y=\"\(p(plot.bottom + 19))\" text-anchor=\"middle\">\(XMLText.escape(ChartTheme.typographicMinus(label)))</text>\n"
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            guard let py = y.pixel(value), plot.contains(plot.left, py) else { continue }
            marks += "<line x1=\"\(p(left - 5))\" y1=\"\(p(crisp(py)))\" x2=\"\(p(left))\" y2=\"\(p(crisp(py)))\"/>\n"
            labels += "<text x=\"\(p(plot.left - 9))\" y=\"\(p(py + 3.8))\" text-anchor=\"end\">\(XMLText.escape(ChartTheme.typographicMinus(label)))</text>\n"
        }
        svg.raw(marks + "</g>\n")
        svg.raw(labels + "</g>\n")
        if !xLabel.isEmpty {
            svg.text(
                xLabel, x: (plot.left + plot.right) / 2, y: plot.bottom + 42,
                size: ChartTheme.labelSize, fill: ChartTheme.labelColor, anchor: .middle)
        }
        if !yLabel.isEmpty {
            // Beside the tick labels (a contour plot shrunk to equal aspect sits further right).
            let x = max(18, plot.left - 9 - ChartFrame.widestLabel(yTicks) - 16)
            svg.text(
                yLabel, x: x, y: (plot.top + plot.bottom) / 2, size: ChartTheme.labelSize,
                fill: ChartTheme.labelColor, anchor: .middle, rotated: true)
        }
    }

    /// The widest y tick label, in pixels.
    static func widestLabel(_ ticks: AxisTicks) -> Double {
        ticks.labels.map { ChartTheme.textWidth(ChartTheme.typographicMinus($0), fontSize: ChartTheme.tickSize) }.max() ?? 0
    }
}

/// One entry of a legend.
struct LegendItem {
    enum Swatch {
        /// A short stroke in the series' style, with its marker if it has one.
        case line(style: LineStyle, width: Double, opacity: Double, marker: MarkerShape?)
        /// A hollow ring (the start of a descent path).
        case ring
        /// A filled dot (the end of a descent path).
        case dot
    }
    var name: String
    var color: String
    var swatch: Swatch
}

/// A legend laid out in rows above the plot, where it can never hide data.
struct Legend {
    static let rowHeight = 20.0
    static let swatchWidth = 26.0

    /// Items with their x positions, row by row.
    var rows: [[(item: LegendItem, x: Double)]]

    /// Flows `items` left to right from `left`, starting a new row when `maxWidth` is used up.
    init(items: [LegendItem], left: Double, maxWidth: Double) {
        var rows: [[(item: LegendItem, x: Double)]] = []
        var current: [(item: LegendItem, x: Double)] = []
        var cursor = left
        for item in items {
            let width = Legend.swatchWidth + 6 + ChartTheme.textWidth(item.name, fontSize: ChartTheme.legendSize)
            if !current.isEmpty && cursor + width > left + maxWidth {
                rows.append(current)
                current = []
                cursor = left
            }
            current.append((item, cursor))
            cursor += width + 22
        }
        if !current.isEmpty { rows.append(current) }
        self.rows = rows
    }

    /// The vertical space the legend needs.
    var height: Double { Double(rows.count) * Legend.rowHeight }

    /// Draws the legend with the centre line of its first row at `top + rowHeight / 2`.
    func draw(into svg: inout SVGWriter, top: Double) {
        let p = NumberFormatting.pixel
        var markup = "<g font-size=\"\(p(ChartTheme.legendSize))\" fill=\"\(ChartTheme.labelColor)\">\n"
        for (r, row) in rows.enumerated() {
            let cy = top + (Double(r) + 0.5) * Legend.rowHeight
            for (item, x) in row {
                let color = XMLText.escape(item.color)
                let mid = x + Legend.swatchWidth / 2
                switch item.swatch {
                case .line(let style, let width, let opacity, let marker):
                    var line = "<line x1=\"\(p(x))\" y1=\"\(p(cy))\" x2=\"\(p(x + Legend.swatchWidth))\" y2=\"\(p(cy))\" stroke=\"\(color)\" stroke-width=\"\(p(min(max(width, 1.5), 4)))\" stroke-linecap=\"round\""
                    if let dash = SVGWriter.dashArray(style, width: min(max(width, 1.5), 4)) {
                        line += " stroke-dasharray=\"\(dash)\""
                    }
                    if opacity < 1 { line += " stroke-opacity=\"\(NumberFormatting.format(max(opacity, 0.35), significantDigits: 2))\"" }
                    markup += line + "/>\n"
                    if let marker {
                        markup += "<g fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1\">\(marker.markup(x: mid, y: cy, r: 3.6))</g>\n"
                    }
                case .ring:
                    markup += "<circle cx=\"\(p(mid))\" cy=\"\(p(cy))\" r=\"5\" fill=\"#ffffff\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
                case .dot:
                    markup += "<circle cx=\"\(p(mid))\" cy=\"\(p(cy))\" r=\"5\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
                }
                markup += "<text x=\"\(p(x + Legend.swatchWidth + 6))\" y=\"\(p(cy + 4.2))\">\(XMLText.escape(item.name))</text>\n"
            }
        }
        svg.raw(markup + "</g>\n")
    }
}

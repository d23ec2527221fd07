import Foundation

/// A small chart drawn with text characters, for a terminal: see a loss curve without leaving
/// the command line.
///
/// ```
/// Training loss
///   2.41 ┤•
///        │ •
///        │  ••
///   1.23 ┤    ••
///        │      •••••
///        │           ••••••••••
///  0.048 ┤                     ••••••••••••••••••••
///        └─────────────────────────────────────────
///         0                                   9999
/// • train  × test
/// ```
///
/// Each series gets a glyph (`•`, `×`, `o`, `+`, `*`, `#`, `@`, `%`). Consecutive points are
/// joined by filling the columns between them, so a curve reads as a line. Where two series
/// land on the same character cell, the first series wins; a series left without a cell of its
/// own says so in the legend ("hidden under •: the same values"). The y labels get as many
/// significant digits as they need to differ. NaN and infinite values (and non-positive values
/// on a logarithmic axis) are skipped.
public enum TextChart {
    /// The glyph of each series, in order.
    static let glyphs: [Character] = ["•", "×", "o", "+", "*", "#", "@", "%"]

    /// Renders the chart as lines of text.
    ///
    /// Layout: an optional title line; then `height` plot rows, each exactly `width` characters
    /// (the y labels, an axis character, and the plot columns); then the x axis line (also
    /// `width` characters), a line with the x range, and a legend line.
    ///
    /// - Parameters:
    ///   - series: the curves; the first has priority where curves overlap.
    ///   - width: the width of the plot rows in characters (at least 24).
    ///   - height: the number of plot rows (at least 3).
    ///   - yScale: linear, or logarithmic for values spanning powers of ten.
    ///   - xScale: linear, or logarithmic (for example a step size `h` from 1e-16 to 1e-1).
    ///   - title: a line printed above the chart, or `nil`.
    /// - Returns: the chart, lines separated by `\n`, with a final newline.
    /// - Complexity: O(total points + width × height).
    public static func render(
        series: [ChartSeries], width: Int = 64, height: Int = 14, yScale: AxisScale = .linear,
        xScale: AxisScale = .linear, title: String? = nil
    ) -> String {
        let width = max(width, 24), height = max(height, 3)

        // Data extents in transformed space (log₁₀ for a log axis).
        var us: [Double] = [], ts: [Double] = []
        for s in series {
            for i in 0..<s.pointCount {
                if let u = AxisMapping.transform(s.x[i], xScale), let t = AxisMapping.transform(s.y[i], yScale) {
                    us.append(u)
                    ts.append(t)
                }
            }
        }
        var (xLow, xHigh) = (us.min() ?? 0, us.max() ?? 1)
        var (tLow, tHigh) = (ts.min() ?? 0, ts.max() ?? 1)
        if xHigh <= xLow { (xLow, xHigh) = (xLow - 1, xHigh + 1) }
        if tHigh <= tLow {
            let delta = yScale == .logarithmic ? 1 : (tLow == 0 ? 1 : abs(tLow) * 0.1)
            (tLow, tHigh) = (tLow - delta, tHigh + delta)
        }

        // Y labels on the top, middle and bottom rows (and the quarter rows when tall enough).
        let labelRows = Set(height >= 9 ? [0, (height - 1) / 4, (height - 1) / 2, 3 * (height - 1) / 4, height - 1] : [0, (height - 1) / 2, height - 1])
        func rowValue(_ row: Int) -> Double {
            let t = tHigh - Double(row) * (tHigh - tLow) / Double(height - 1)
            return yScale == .logarithmic ? pow(10, t) : t
        }
        // As many significant digits as it takes for the labels to differ (2.31, 2.31, 2.3 would
        // say nothing): from 3 up to 12.
        var labels: [Int: String] = [:]
        for digits in 3...12 {
            labels = Dictionary(uniqueKeysWithValues: labelRows.map { ($0, NumberFormatting.format(rowValue($0), significantDigits: digits)) })
            if Set(labels.values).count == labels.count { break }
        }
        let gutter = (labels.values.map(\.count).max() ?? 1) + 1
        let columns = width - gutter - 2

        // Rasterise: the first series to claim a cell keeps it; a later series whose every cell
        // was claimed is hidden, and the legend says under which.
        var cells = [[Character?]](repeating: [Character?](repeating: nil, count: columns), count: height)
        var shown = [Int](repeating: 0, count: series.count)
        var under = [[Character: Int]](repeating: [:], count: series.count)
        var current = 0
        func column(_ x: Double) -> Int { Int(((x - xLow) / (xHigh - xLow) * Double(columns - 1)).rounded()) }
        func row(_ t: Double) -> Int { Int(((tHigh - t) / (tHigh - tLow) * Double(height - 1)).rounded()) }
        func plot(_ c: Int, _ r: Int, _ glyph: Character) {
            guard (0..<columns).contains(c), (0..<height).contains(r) else { return }
            if let taken = cells[r][c] {
                if taken != glyph { under[current][taken, default: 0] += 1 }
                return
            }
            cells[r][c] = glyph
            shown[current] += 1
        }
        for (index, s) in series.enumerated() {
            let glyph = glyphs[index % glyphs.count]
            current = index
            var previous: (c: Int, t: Double)? = nil
            for i in 0..<s.pointCount {
                guard let u = AxisMapping.transform(s.x[i], xScale), let t = AxisMapping.transform(s.y[i], yScale)
                else {
                    previous = nil  // a gap
                    continue
                }
                let c = column(u)
                if let (pc, pt) = previous, abs(c - pc) > 1 {
                    // Fill the columns in between by linear interpolation.
                    let direction = c > pc ? 1 : -1
                    for between in stride(from: pc + direction, to: c, by: direction) {
                        let fraction = Double(between - pc) / Double(c - pc)
                        plot(between, row(pt + fraction * (t - pt)), glyph)
                    }
                }
                plot(c, row(t), glyph)
                previous = (c, t)
            }
        }

        // Assemble the text.
        var lines: [String] = []
        if let title { lines.append(title) }
        for r in 0..<height {
            let label = labels[r] ?? ""
            let axis = labels[r] == nil ? "│" : "┤"
            let body = String(cells[r].map { $0 ?? " " })
            lines.append(String(repeating: " ", count: gutter - label.count) + label + " " + axis + body)
        }
        lines.append(String(repeating: " ", count: gutter + 1) + "└" + String(repeating: "─", count: columns))
        let xValue = { (u: Double) in xScale == .logarithmic ? pow(10, u) : u }
        let low = NumberFormatting.format(xValue(xLow), significantDigits: 4)
        let high = NumberFormatting.format(xValue(xHigh), significantDigits: 4)
        let padding = max(1, columns - low.count - high.count)
        lines.append(String(repeating: " ", count: gutter + 2) + low + String(repeating: " ", count: padding) + high)
        let legend = series.enumerated().map { index, s in
            let hiddenUnder = shown[index] == 0 ? under[index].max { $0.value < $1.value }?.key : nil
            return "\(glyphs[index % glyphs.count]) \(s.name)" + (hiddenUnder.map { " (hidden under \($0): the same values)" } ?? "")
        }
        if !legend.isEmpty { lines.append(legend.joined(separator: "   ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}

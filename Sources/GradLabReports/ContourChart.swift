import Foundation

/// A contour plot of a function of two variables with gradient-descent paths drawn on top, as a
/// self-contained SVG document.
///
/// ```swift
/// let himmelblau = { (x: Double, y: Double) in
///     (x * x + y - 11) * (x * x + y - 11) + (x + y * y - 7) * (x + y * y - 7) }
/// let grid = ContourChart.sample(xRange: -5...5, yRange: -5...5, resolution: 121, himmelblau)
/// let chart = ContourChart(
///     title: "Himmelblau's function", xLabel: "x", yLabel: "y",
///     xRange: -5...5, yRange: -5...5, grid: grid,
///     levels: ContourChart.levels(for: grid, count: 12, spacing: .logarithmic),
///     paths: [ChartSeries(name: "lr = 0.01", x: xs, y: ys)])
/// let svg = chart.svg()
/// ```
///
/// Contour lines come from marching squares (``isolines(in:xRange:yRange:level:)``); each level
/// is a shade of one blue, dark for low values (the valleys a descent heads for) and light for
/// high ones, with a key on the right. Paths are drawn in the other ``ChartPalette/okabeIto``
/// colours with a dot per step (up to 300 steps), a hollow ring at the start and a filled dot at
/// the end. With `equalAspect` (the default) one unit has the same length on both axes, so
/// circles look round and the gradient looks perpendicular to the contours, as it is.
public struct ContourChart: Sendable {
    /// The heading drawn above the plot (empty for none).
    public var title: String
    /// The horizontal axis title.
    public var xLabel: String
    /// The vertical axis title.
    public var yLabel: String
    /// The x of the grid's first and last column, and the visible horizontal range.
    public var xRange: ClosedRange<Double>
    /// The y of the grid's first and last row, and the visible vertical range.
    public var yRange: ClosedRange<Double>
    /// Samples `grid[row][col] = f(x_col, y_row)`, row 0 at `yRange.lowerBound` going up,
    /// column 0 at `xRange.lowerBound` going right (see ``sample(xRange:yRange:resolution:_:)``).
    public var grid: [[Double]]
    /// The function values to draw contour lines at; empty picks 10 linearly spaced levels.
    public var levels: [Double]
    /// Descent paths drawn over the contours: `x`, `y` are the successive iterates.
    public var paths: [ChartSeries]
    /// Whether one unit has the same length in x and y (the plot is shrunk to fit).
    public var equalAspect: Bool

    /// Creates a contour chart.
    ///
    /// - Parameters:
    ///   - title: the heading (empty for none).
    ///   - xLabel: the horizontal axis title.
    ///   - yLabel: the vertical axis title.
    ///   - xRange: the x range the grid covers.
    ///   - yRange: the y range the grid covers.
    ///   - grid: samples `grid[row][col]`, at least 2 × 2, every row the same length.
    ///   - levels: contour levels; empty for 10 linear levels.
    ///   - paths: descent paths to draw on top.
    ///   - equalAspect: keep one unit the same length on both axes.
    public init(
        title: String = "", xLabel: String = "x", yLabel: String = "y",
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: [[Double]],
        levels: [Double] = [], paths: [ChartSeries] = [], equalAspect: Bool = true
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = xRange
        self.yRange = yRange
        self.grid = grid
        self.levels = levels
        self.paths = paths
        self.equalAspect = equalAspect
    }

    // MARK: Sampling and levels

    /// Samples `f` on a regular `resolution × resolution` grid covering the two ranges.
    ///
    /// ```
    /// grid[row][col] = f(x_col, y_row)
    /// x_col = xRange.lowerBound + col · (xRange.upperBound − xRange.lowerBound) / (resolution − 1)
    /// y_row = yRange.lowerBound + row · (yRange.upperBound − yRange.lowerBound) / (resolution − 1)
    /// ```
    ///
    /// - Parameters:
    ///   - xRange: the horizontal range (first and last column).
    ///   - yRange: the vertical range (first and last row).
    ///   - resolution: samples per axis, at least 2 (about 100–150 gives smooth contours).
    ///   - f: the function `f(x, y)`.
    /// - Returns: `resolution` rows of `resolution` values.
    /// - Complexity: `resolution²` calls of `f`.
    public static func sample(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int,
        _ f: (Double, Double) -> Double
    ) -> [[Double]] {
        precondition(resolution >= 2, "ContourChart.sample: resolution must be at least 2, got \(resolution)")
        let n = Double(resolution - 1)
        func coordinate(_ range: ClosedRange<Double>, _ i: Int) -> Double {
            // Interpolating from both ends makes the last sample exactly the upper bound.
            let t = Double(i) / n
            return range.lowerBound * (1 - t) + range.upperBound * t
        }
        return (0..<resolution).map { row in
            let y = coordinate(yRange, row)
            return (0..<resolution).map { col in f(coordinate(xRange, col), y) }
        }
    }

    /// Contour levels spread over the grid's values.
    ///
    /// - `.linear`: `count` levels evenly spaced strictly inside `[min, max]`:
    ///   `min + (i + ½)(max − min) / count`.
    /// - `.logarithmic`: levels between `low = max(min, max·10⁻³)` (with `min` the smallest
    ///   positive sample) and `max`, dense near the minimum, which is what bowl-shaped losses
    ///   such as `x² + y²` or Himmelblau's function need. If the "nice" values
    ///   `1, 2, 5 × 10ᵏ` strictly between `low` and `max` number between 0.6 and 1.6 × `count`,
    ///   those are used (the key then reads `1, 2, 5, 10, …`); otherwise `count` levels evenly
    ///   spaced in `log₁₀`, `low · (max/low)^((i + ½)/count)`.
    ///
    /// All levels are rounded to two significant digits (`3.2`, not `3.1623…`) and
    /// de-duplicated.
    ///
    /// - Parameters:
    ///   - grid: the samples (NaN and infinities are ignored).
    ///   - count: roughly how many levels, at least 1.
    ///   - spacing: `.linear` or `.logarithmic`.
    /// - Returns: increasing levels; empty if the grid has no finite (or, for log, positive)
    ///   values or is constant.
    public static func levels(for grid: [[Double]], count: Int, spacing: AxisScale) -> [Double] {
        let values = grid.joined().filter { $0.isFinite }
        guard let low = values.min(), let high = values.max(), high > low, count >= 1 else { return [] }
        var levels: [Double]
        switch spacing {
        case .linear:
            levels = (0..<count).map { low + (Double($0) + 0.5) * (high - low) / Double(count) }
        case .logarithmic:
            guard high > 0, let smallest = values.filter({ $0 > 0 }).min() else { return [] }
            let bottom = max(smallest, high * 1e-3)
            let a = log10(bottom), b = log10(high)
            guard b > a else { return [high] }
            var nice: [Double] = []
            for exponent in Int(a.rounded(.down))...Int(b.rounded(.up)) {
                for mantissa in [1.0, 2, 5] {
                    let value = mantissa * AxisTicks.powerOfTen(exponent)
                    if value > bottom && value < high { nice.append(value) }
                }
            }
            if Double(nice.count) >= 0.6 * Double(count) && Double(nice.count) <= 1.6 * Double(count) {
                levels = nice
            } else {
                levels = (0..<count).map { pow(10, a + (Double($0) + 0.5) * (b - a) / Double(count)) }
            }
        }
        let rounded = levels.map { Double(NumberFormatting.scientific($0, significantDigits: 2)) ?? $0 }
        return Array(Set(rounded)).sorted()
    }

    /// The contour lines of `grid` at one level (marching squares).
    ///
    /// - Parameters:
    ///   - grid: samples `grid[row][col]` (see ``grid``), at least 2 × 2, rectangular.
    ///   - xRange: the x of the first and last column.
    ///   - yRange: the y of the first and last row.
    ///   - level: the function value to trace.
    /// - Returns: polylines in data units; cells with a NaN corner are skipped.
    /// - Complexity: O(rows × columns).
    public static func isolines(
        in grid: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, level: Double
    ) -> [ContourLine] {
        validate(grid)
        return MarchingSquares.isolines(in: grid, xRange: xRange, yRange: yRange, level: level)
    }

    /// Stops with a message naming the shape when the grid is too small or ragged.
    private static func validate(_ grid: [[Double]]) {
        precondition(grid.count >= 2, "ContourChart: grid needs at least 2 rows, got \(grid.count)")
        let cols = grid[0].count
        precondition(cols >= 2, "ContourChart: grid needs at least 2 columns, got \(cols)")
        for (r, row) in grid.enumerated() {
            precondition(row.count == cols, "ContourChart: grid row \(r) has \(row.count) values, row 0 has \(cols)")
        }
    }

    // MARK: Rendering

    /// The shade of blue for level number `index` of `count`: dark (low) to light (high).
    static func shade(_ index: Int, of count: Int) -> String {
        let t = count > 1 ? Double(index) / Double(count - 1) : 0
        // From #08306B (deep blue) to #9ECAE1 (light blue), two ends of ColorBrewer "Blues".
        let from = (8.0, 48.0, 107.0), to = (158.0, 202.0, 225.0)
        func channel(_ a: Double, _ b: Double) -> String {
            let v = Int((a + (b - a) * t).rounded())
            let hex = String(v, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(from.0, to.0) + channel(from.1, to.1) + channel(from.2, to.2)
    }

    /// Path colours: the palette without its blue, which the contours use.
    static func pathColor(_ index: Int) -> String {
        let colors = ["#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000", "#56B4E9"]
        return colors[index % colors.count]
    }

    /// Renders the chart as an SVG document.
    ///
    /// - Parameters:
    ///   - width: the width in pixels (at least 200).
    ///   - height: the height in pixels (at least 200).
    /// - Returns: a complete `<svg>` element with a `viewBox`.
    /// - Precondition: `grid` is at least 2 × 2 and rectangular.
    /// - Complexity: O(levels × rows × columns + path points).
    public func svg(width: Int = 520, height: Int = 520) -> String {
        ContourChart.validate(grid)
        let width = max(width, 200), height = max(height, 200)
        let w = Double(width), h = Double(height)
        let xRange = ContourChart.widened(self.xRange), yRange = ContourChart.widened(self.yRange)
        let levels = (self.levels.isEmpty ? ContourChart.levels(for: grid, count: 10, spacing: .linear) : self.levels)
            .filter(\.isFinite).sorted()

        // Legend row: the paths, then what the start and end marks mean.
        var items = paths.enumerated().map { index, path in
            LegendItem(
                name: path.name, color: path.color ?? ContourChart.pathColor(index),
                swatch: .line(style: path.style, width: path.width, opacity: 1, marker: nil))
        }
        if !paths.isEmpty {
            items.append(LegendItem(name: "start", color: "#59636e", swatch: .ring))
            items.append(LegendItem(name: "end", color: "#59636e", swatch: .dot))
        }

        // Key on the right: one short line per level, labelled.
        let levelLabels = levels.map { NumberFormatting.format($0, significantDigits: 2) }
        let keyWidth = levels.isEmpty ? 0 : 30 + (levelLabels.map { ChartTheme.textWidth($0, fontSize: ChartTheme.tickSize) }.max() ?? 0)
        let titleBand = title.isEmpty ? 12.0 : 40.0
        let yTicksGuess = AxisTicks.linear(in: yRange, targetCount: 6)
        var left = max(56, 36 + ChartFrame.widestLabel(yTicksGuess)).rounded(.up)
        var right = w - 20 - keyWidth
        let legend = Legend(items: items, left: left, maxWidth: w - 20 - left)
        let legendBand = legend.rows.isEmpty ? 0 : legend.height + 6
        var top = titleBand + legendBand + 10
        var bottom = h - (xLabel.isEmpty ? 34 : 56)
        if equalAspect {
            // Shrink one side so that a unit of x and a unit of y have the same length.
            let unitsPerPixel = max(
                (xRange.upperBound - xRange.lowerBound) / (right - left),
                (yRange.upperBound - yRange.lowerBound) / (bottom - top))
            let plotWidth = (xRange.upperBound - xRange.lowerBound) / unitsPerPixel
            let plotHeight = (yRange.upperBound - yRange.lowerBound) / unitsPerPixel
            left += ((right - left) - plotWidth) / 2
            right = left + plotWidth
            let spare = (bottom - top) - plotHeight
            top += spare / 2
            bottom = top + plotHeight
        }
        let plot = PlotRect(left: left, top: top, right: right, bottom: bottom)
        let frame = ChartFrame(
            plot: plot,
            x: AxisMapping(scale: .linear, range: xRange, pixelLower: plot.left, pixelUpper: plot.right),
            y: AxisMapping(scale: .linear, range: yRange, pixelLower: plot.bottom, pixelUpper: plot.top),
            xTicks: AxisRangeResolver.horizontalTicks(for: xRange, scale: .linear, plotWidth: plot.width),
            yTicks: AxisTicks.linear(in: yRange, targetCount: max(3, min(8, Int(plot.height / 50)))))

        var svg = SVGWriter(width: width, height: height, label: title.isEmpty ? "Contour chart" : title)
        if !title.isEmpty {
            svg.text(title, x: 16, y: 27, size: ChartTheme.titleSize, fill: ChartTheme.titleColor, weight: 600)
        }
        legend.draw(into: &svg, top: titleBand)
        frame.drawGrid(into: &svg)
        svg.raw("<g fill=\"none\" stroke-width=\"1.3\" stroke-linejoin=\"round\">\n")
        for (index, level) in levels.enumerated() {
            let lines = MarchingSquares.isolines(in: grid, xRange: self.xRange, yRange: self.yRange, level: level)
            var d = ""
            for line in lines {
                var piece = zip(line.x, line.y).compactMap { x, y -> PixelPoint? in
                    guard let px = frame.x.pixel(x), let py = frame.y.pixel(y) else { return nil }
                    return PixelPoint(x: px, y: py)
                }
                if line.isClosed, let first = piece.first { piece.append(first) }
                piece = PolylineGeometry.thin(piece)
                d += PolylineGeometry.pathData(PolylineGeometry.clip(piece, to: plot))
            }
            if !d.isEmpty {
                svg.raw("<path d=\"\(d)\" stroke=\"\(ContourChart.shade(index, of: levels.count))\"><title>f = \(XMLText.escape(levelLabels[index]))</title></path>\n")
            }
        }
        svg.raw("</g>\n")
        frame.drawAxes(into: &svg, xLabel: xLabel, yLabel: yLabel)
        // A thin frame around the plot: the contours stop at its edges.
        svg.rect(
            x: plot.left, y: plot.top, width: plot.width, height: plot.height, fill: "none",
            stroke: ChartTheme.gridColor)

        for (index, path) in paths.enumerated() {
            drawPath(path, color: path.color ?? ContourChart.pathColor(index), frame: frame, into: &svg)
        }
        if !levels.isEmpty {
            drawKey(levels: levelLabels, left: plot.right + 18, top: plot.top, into: &svg)
        }
        return svg.finished()
    }

    /// Paths with at most this many points get a dot per iterate.
    static let stepDotLimit = 300

    /// A zero-width range widened to ±1 so the mapping stays finite.
    private static func widened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        range.upperBound > range.lowerBound ? range : (range.lowerBound - 1)...(range.upperBound + 1)
    }

    /// One descent path: the line, a dot per iterate, a ring at the start and a dot at the end.
    private func drawPath(_ path: ChartSeries, color: String, frame: ChartFrame, into svg: inout SVGWriter) {
        let mapped: [PixelPoint?] = (0..<path.pointCount).map { i in
            guard let px = frame.x.pixel(path.x[i]), let py = frame.y.pixel(path.y[i]) else { return nil }
            return PixelPoint(x: px, y: py)
        }
        let pieces = PolylineGeometry.runs(mapped).flatMap { PolylineGeometry.clip(PolylineGeometry.thin($0), to: frame.plot) }
        let color = XMLText.escape(color)
        svg.raw("<g>\n<title>\(XMLText.escape(path.name))</title>\n")
        // A white halo under the line keeps it readable where it crosses dark contours.
        svg.strokePath(PolylineGeometry.pathData(pieces), stroke: "#ffffff", width: path.width + 2.5, opacity: 0.9)
        svg.strokePath(PolylineGeometry.pathData(pieces), stroke: color, width: path.width, style: path.style)
        let visible = mapped.compactMap { $0 }.filter { frame.plot.contains($0.x, $0.y) }
        let p = NumberFormatting.pixel
        if path.pointCount <= ContourChart.stepDotLimit {
            var dots = "<g fill=\"\(color)\">"
            for point in visible.dropFirst().dropLast() {
                dots += "<circle cx=\"\(p(point.x))\" cy=\"\(p(point.y))\" r=\"\(p(max(1.8, path.width)))\"/>"
            }
            svg.raw(dots + "</g>\n")
        }
        if let start = mapped.first ?? nil, frame.plot.contains(start.x, start.y) {
            svg.raw("<circle cx=\"\(p(start.x))\" cy=\"\(p(start.y))\" r=\"5.5\" fill=\"#ffffff\" stroke=\"\(color)\" stroke-width=\"2.2\"/>\n")
        }
        if let end = mapped.last(where: { $0 != nil }) ?? nil, frame.plot.contains(end.x, end.y) {
            svg.raw("<circle cx=\"\(p(end.x))\" cy=\"\(p(end.y))\" r=\"5.5\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n")
        }
        svg.raw("</g>\n")
    }

    /// The level key: "f(x, y)" over one short line per level, highest level at the top.
    private func drawKey(levels labels: [String], left: Double, top: Double, into svg: inout SVGWriter) {
        let p = NumberFormatting.pixel
        svg.text("f(x, y)", x: left, y: top + 8, size: ChartTheme.tickSize, fill: ChartTheme.labelColor, weight: 600)
        let rowHeight = min(18.0, 300 / Double(max(labels.count, 1)))
        var markup = "<g font-size=\"\(p(ChartTheme.tickSize))\" fill=\"\(ChartTheme.tickLabelColor)\">\n"
        for (row, index) in labels.indices.reversed().enumerated() {
            let cy = top + 22 + Double(row) * rowHeight
            markup += "<line x1=\"\(p(left))\" y1=\"\(p(cy))\" x2=\"\(p(left + 18))\" y2=\"\(p(cy))\" stroke=\"\(ContourChart.shade(index, of: labels.count))\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>\n"
            markup += "<text x=\"\(p(left + 24))\" y=\"\(p(cy + 3.8))\">\(XMLText.escape(ChartTheme.typographicMinus(labels[index])))</text>\n"
        }
        svg.raw(markup + "</g>\n")
    }
}

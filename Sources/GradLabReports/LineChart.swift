/// A line chart rendered as a self-contained SVG document: loss curves, accuracy per epoch,
/// error against step size on log–log axes.
///
/// ```swift
/// let chart = LineChart(
///     title: "Training loss", xLabel: "iteration", yLabel: "cross-entropy loss",
///     series: [ChartSeries(name: "backprop", y: losses)])
/// try chart.svg().write(toFile: "loss.svg", atomically: true, encoding: .utf8)
/// ```
///
/// What it draws: a title, a legend row under it (outside the plot, so it never hides data;
/// only when there are two or more legend entries), light gridlines at "nice" ticks
/// (``AxisTicks``), left and bottom axes with labels, and the series in the colour-blind-safe
/// ``ChartPalette/okabeIto`` palette. The SVG has a `viewBox`, uses no fonts, styles, scripts or
/// `id`s of its own, and escapes every text, so it can be saved as a file or pasted into HTML.
///
/// Layout, in pixels (documented so a test can compute positions by hand):
/// ```
/// plot left   = max(56, 36 + estimated width of the widest y tick label), rounded up
/// plot right  = width − 24
/// plot top    = (title ? 40 : 12) + 20 × legend rows (+ 6 if any) + 8
/// plot bottom = height − (x label ? 56 : 34)
/// ```
///
/// Robustness: NaN and infinite values leave gaps; on a logarithmic axis non-positive values
/// are skipped; an empty chart shows "No data"; a single point or a constant series gets a range
/// around its value. A series with more than 2000 points is reduced to the lowest and highest
/// point of each pixel column (every spike stays visible), so a 10 000-iteration loss curve
/// stays a few tens of kilobytes.
public struct LineChart: Sendable {
    /// The heading drawn above the plot (empty for none).
    public var title: String
    /// The horizontal axis title, for example `"iteration"`.
    public var xLabel: String
    /// The vertical axis title, for example `"loss"`.
    public var yLabel: String
    /// The lines, drawn in order (later ones on top).
    public var series: [ChartSeries]
    /// Linear or logarithmic horizontal axis.
    public var xScale: AxisScale
    /// Linear or logarithmic vertical axis.
    public var yScale: AxisScale
    /// The visible horizontal range; `nil` fits the data with a little padding.
    public var xRange: ClosedRange<Double>?
    /// The visible vertical range; `nil` fits the data with a little padding.
    public var yRange: ClosedRange<Double>?

    /// Creates a line chart.
    ///
    /// - Parameters:
    ///   - title: the heading (empty for none).
    ///   - xLabel: the horizontal axis title.
    ///   - yLabel: the vertical axis title.
    ///   - series: the lines.
    ///   - xScale: linear or logarithmic horizontal axis.
    ///   - yScale: linear or logarithmic vertical axis.
    ///   - xRange: a fixed horizontal range, or `nil` to fit the data.
    ///   - yRange: a fixed vertical range, or `nil` to fit the data.
    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", series: [ChartSeries] = [],
        xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.xRange = xRange
        self.yRange = yRange
    }

    /// Series with more points than this are downsampled (min/max per pixel column).
    static let downsamplingThreshold = 2000
    /// Series with more points than this draw no markers (they would merge into a smear).
    static let markerLimit = 500

    /// Renders the chart as an SVG document.
    ///
    /// - Parameters:
    ///   - width: the width in pixels (at least 160).
    ///   - height: the height in pixels (at least 120).
    /// - Returns: a complete `<svg>` element with a `viewBox`, ready to save or embed.
    /// - Complexity: O(total number of points).
    public func svg(width: Int = 720, height: Int = 440) -> String {
        let width = max(width, 160), height = max(height, 120)
        let w = Double(width), h = Double(height)

        // Ranges from the drawable points only.
        let hasMarkers = series.contains { $0.showsMarkers && $0.pointCount <= LineChart.markerLimit }
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for i in 0..<s.pointCount
            where AxisMapping.transform(s.x[i], xScale) != nil && AxisMapping.transform(s.y[i], yScale) != nil {
                xs.append(s.x[i])
                ys.append(s.y[i])
            }
        }
        let hasData = !xs.isEmpty
        let xResolved = AxisRangeResolver.resolve(
            explicit: xRange, extent: AxisRangeResolver.extent(of: xs, scale: xScale), scale: xScale,
            padding: hasMarkers ? 0.03 : 0, snap: 0.04, targetCount: 6)
        let yResolved = AxisRangeResolver.resolve(
            explicit: yRange, extent: AxisRangeResolver.extent(of: ys, scale: yScale), scale: yScale,
            padding: 0.04, snap: 0.06, targetCount: 6)

        // Vertical layout: title, legend row(s), plot, x tick labels, x label.
        let titleBand = title.isEmpty ? 12.0 : 40.0
        let bottomMargin = xLabel.isEmpty ? 34.0 : 56.0
        // About one label per 50 px; log labels are shorter to read, so one per 35 px.
        let yTarget = yScale == .linear ? max(3, min(9, Int((h - 110) / 50))) : max(4, min(10, Int((h - 110) / 35)))
        let yTicks = AxisRangeResolver.ticks(for: yResolved, scale: yScale, targetCount: yTarget)
        let left = max(56, 36 + ChartFrame.widestLabel(yTicks)).rounded(.up)
        let right = w - 24
        let items = legendItems()
        let legend = Legend(items: items.count >= 2 ? items : [], left: left, maxWidth: right - left)
        let legendBand = legend.rows.isEmpty ? 0 : legend.height + 6
        let plot = PlotRect(left: left, top: titleBand + legendBand + 8, right: right, bottom: h - bottomMargin)
        let xTicks = AxisRangeResolver.horizontalTicks(for: xResolved, scale: xScale, plotWidth: plot.width)
        let frame = ChartFrame(
            plot: plot,
            x: AxisMapping(scale: xScale, range: xResolved, pixelLower: plot.left, pixelUpper: plot.right),
            y: AxisMapping(scale: yScale, range: yResolved, pixelLower: plot.bottom, pixelUpper: plot.top),
            xTicks: xTicks, yTicks: yTicks)

        var svg = SVGWriter(width: width, height: height, label: title.isEmpty ? "Line chart" : title)
        if !title.isEmpty {
            svg.text(title, x: 16, y: 27, size: ChartTheme.titleSize, fill: ChartTheme.titleColor, weight: 600)
        }
        legend.draw(into: &svg, top: titleBand)
        frame.drawGrid(into: &svg)
        for (index, s) in series.enumerated() {
            drawSeries(s, index: index, frame: frame, into: &svg)
        }
        frame.drawAxes(into: &svg, xLabel: xLabel, yLabel: yLabel)
        if !hasData {
            svg.text(
                "No data", x: (plot.left + plot.right) / 2, y: (plot.top + plot.bottom) / 2 + 5,
                size: 14, fill: ChartTheme.tickLabelColor, anchor: .middle)
        }
        return svg.finished()
    }

    /// The colour of series number `index`: its own, or the palette's.
    private func color(of s: ChartSeries, index: Int) -> String {
        s.color ?? ChartPalette.color(at: index)
    }

    /// Legend entries for the series that ask to be listed.
    private func legendItems() -> [LegendItem] {
        series.enumerated().compactMap { index, s in
            guard s.showsInLegend else { return nil }
            let marker = s.showsMarkers && s.pointCount <= LineChart.markerLimit ? MarkerShape.forSeries(index) : nil
            return LegendItem(
                name: s.name, color: color(of: s, index: index),
                swatch: .line(style: s.style, width: s.width, opacity: s.opacity, marker: marker))
        }
    }

    /// Draws one series: gaps, downsampling, clipping, then markers.
    private func drawSeries(_ s: ChartSeries, index: Int, frame: ChartFrame, into svg: inout SVGWriter) {
        let count = s.pointCount
        guard count > 0 else { return }
        let mapped: [PixelPoint?] = (0..<count).map { i in
            guard let px = frame.x.pixel(s.x[i]), let py = frame.y.pixel(s.y[i]) else { return nil }
            return PixelPoint(x: px, y: py)
        }
        var runs = PolylineGeometry.runs(mapped)
        let drawable = runs.reduce(0) { $0 + $1.count }
        if drawable > LineChart.downsamplingThreshold {
            runs = runs.map(PolylineGeometry.downsample)
        }
        // Clip to the plot, with one pixel of slack so a line on the border stays whole.
        let plot = frame.plot
        let clipRect = PlotRect(left: plot.left - 1, top: plot.top - 1, right: plot.right + 1, bottom: plot.bottom + 1)
        let pieces = runs.flatMap { PolylineGeometry.clip($0, to: clipRect) }
        let stroke = color(of: s, index: index)
        svg.raw("<g>\n<title>\(XMLText.escape(s.name))</title>\n")
        // A lone point has no line to show, so it is drawn as a marker even without markers on.
        let isolated = pieces.filter { $0.count == 1 }
        let lines = pieces.filter { $0.count > 1 }
        svg.strokePath(
            PolylineGeometry.pathData(lines), stroke: stroke, width: s.width, style: s.style,
            opacity: s.opacity)
        let markerPoints =
            s.showsMarkers && count <= LineChart.markerLimit
            ? mapped.compactMap { $0 }.filter { plot.contains($0.x, $0.y) } : isolated.map { $0[0] }
        if !markerPoints.isEmpty {
            let shape = MarkerShape.forSeries(index)
            let radius = max(3.2, s.width * 1.6)
            var markup = "<g fill=\"\(XMLText.escape(stroke))\" stroke=\"#ffffff\" stroke-width=\"1\">"
            for point in markerPoints { markup += shape.markup(x: point.x, y: point.y, r: radius) }
            svg.raw(markup + "</g>\n")
        }
        svg.raw("</g>\n")
    }
}

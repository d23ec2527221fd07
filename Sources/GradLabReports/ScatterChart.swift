/// A scatter chart rendered as a self-contained SVG document: points, not lines, each group in
/// its own colour — an autoencoder's 2-number codes of the test images, coloured by digit.
///
/// ```swift
/// let chart = ScatterChart(title: "Codes", xLabel: "code 1", yLabel: "code 2",
///                          groups: (0..<10).map { ScatterChart.Group(name: "\($0)", x: xs[$0], y: ys[$0]) })
/// try chart.svg().write(toFile: "codes.svg", atomically: true, encoding: .utf8)
/// ```
///
/// It shares ``LineChart``'s frame: title, a legend row above the plot, gridlines at nice ticks,
/// axes. Points are small circles, drawn group after group (later groups on top), partly
/// transparent so that dense clusters still show their shape. NaN and infinite points are skipped.
public struct ScatterChart: Sendable {
    /// One named set of points, drawn in one colour.
    public struct Group: Sendable {
        /// The legend text.
        public var name: String
        /// Horizontal coordinates.
        public var x: [Double]
        /// Vertical coordinates (`y.count == x.count`).
        public var y: [Double]
        /// A CSS colour, or nil for ``ScatterChart/tenColors``' colour of the group's position.
        public var color: String?

        /// Creates a group.
        ///
        /// - Precondition: `x.count == y.count`.
        public init(name: String, x: [Double], y: [Double], color: String? = nil) {
            precondition(x.count == y.count, "ScatterChart.Group \"\(name)\": x has \(x.count) values but y has \(y.count)")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
        }
    }

    /// Ten colours that stay apart from each other, one per digit (Tableau's ten): the
    /// Okabe–Ito palette has eight, too few for ten classes.
    public static let tenColors = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
                                   "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF"]

    /// The heading (empty for none).
    public var title: String
    /// The horizontal axis title.
    public var xLabel: String
    /// The vertical axis title.
    public var yLabel: String
    /// The point groups, drawn in order.
    public var groups: [Group]
    /// The circles' radius in pixels.
    public var radius: Double

    /// Creates a scatter chart.
    public init(title: String = "", xLabel: String = "", yLabel: String = "", groups: [Group] = [], radius: Double = 1.8) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.groups = groups
        self.radius = radius
    }

    /// The colour of group number `index`.
    func color(at index: Int) -> String {
        groups[index].color ?? Self.tenColors[index % Self.tenColors.count]
    }

    /// Renders the chart as an SVG document of `width` × `height` pixels (at least 160 × 120).
    public func svg(width: Int = 640, height: Int = 560) -> String {
        let width = max(width, 160), height = max(height, 120)
        let (w, h) = (Double(width), Double(height))
        let finite = groups.flatMap { group in zip(group.x, group.y).filter { $0.0.isFinite && $0.1.isFinite } }
        let xRange = AxisRangeResolver.resolve(explicit: nil, extent: AxisRangeResolver.extent(of: finite.map(\.0), scale: .linear),
                                               scale: .linear, padding: 0.03, snap: 0.04, targetCount: 6)
        let yRange = AxisRangeResolver.resolve(explicit: nil, extent: AxisRangeResolver.extent(of: finite.map(\.1), scale: .linear),
                                               scale: .linear, padding: 0.03, snap: 0.04, targetCount: 6)
        let titleBand = title.isEmpty ? 12.0 : 40.0
        let yTicks = AxisRangeResolver.ticks(for: yRange, scale: .linear, targetCount: max(3, min(9, Int((h - 110) / 50))))
        let left = max(56, 36 + ChartFrame.widestLabel(yTicks)).rounded(.up), right = w - 24
        let items = groups.indices.map { LegendItem(name: groups[$0].name, color: color(at: $0), swatch: .dot) }
        let legend = Legend(items: items.count >= 2 ? items : [], left: left, maxWidth: right - left)
        let plot = PlotRect(left: left, top: titleBand + (legend.rows.isEmpty ? 0 : legend.height + 6) + 8,
                            right: right, bottom: h - (xLabel.isEmpty ? 34 : 56))
        let frame = ChartFrame(
            plot: plot,
            x: AxisMapping(scale: .linear, range: xRange, pixelLower: plot.left, pixelUpper: plot.right),
            y: AxisMapping(scale: .linear, range: yRange, pixelLower: plot.bottom, pixelUpper: plot.top),
            xTicks: AxisRangeResolver.horizontalTicks(for: xRange, scale: .linear, plotWidth: plot.width), yTicks: yTicks)

        var svg = SVGWriter(width: width, height: height, label: title.isEmpty ? "Scatter chart" : title)
        if !title.isEmpty {
            svg.text(title, x: 16, y: 27, size: ChartTheme.titleSize, fill: ChartTheme.titleColor, weight: 600)
        }
        legend.draw(into: &svg, top: titleBand)
        frame.drawGrid(into: &svg)
        let p = NumberFormatting.pixel
        for (index, group) in groups.enumerated() {
            var markup = "<g fill=\"\(XMLText.escape(color(at: index)))\" fill-opacity=\"0.6\">\n<title>\(XMLText.escape(group.name))</title>\n"
            for (x, y) in zip(group.x, group.y) {
                guard let px = frame.x.pixel(x), let py = frame.y.pixel(y), plot.contains(px, py) else { continue }
                markup += "<circle cx=\"\(p(px))\" cy=\"\(p(py))\" r=\"\(p(radius))\"/>"
            }
            svg.raw(markup + "\n</g>\n")
        }
        frame.drawAxes(into: &svg, xLabel: xLabel, yLabel: yLabel)
        if finite.isEmpty {
            svg.text("No data", x: (plot.left + plot.right) / 2, y: (plot.top + plot.bottom) / 2 + 5, size: 14,
                     fill: ChartTheme.tickLabelColor, anchor: .middle)
        }
        return svg.finished()
    }
}

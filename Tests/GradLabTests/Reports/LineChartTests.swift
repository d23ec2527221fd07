import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Pixel positions here are computed by hand from the layout documented on `LineChart`:
/// plot left = max(56, 36 + widest y label), right = width − 24,
/// top = (title ? 40 : 12) + legend rows + 8, bottom = height − (x label ? 56 : 34).
@Suite("LineChart")
struct LineChartTests {
    /// Coordinates are written with one decimal: a position can be off by up to 0.05 px.
    static let pixelTolerance = 0.051

    // MARK: Edge cases first: each must give well-formed XML.

    @Test("an empty chart is valid SVG and says there is no data")
    func emptyChart() throws {
        let svg = LineChart(title: "Nothing yet").svg()
        let root = try parseXML(svg)
        #expect(root.name == "svg")
        #expect(root.allText.contains("No data"))
    }

    @Test("a series with one point draws a marker and no crash")
    func singlePoint() throws {
        let chart = LineChart(title: "One", series: [ChartSeries(name: "p", x: [2], y: [3])])
        let root = try parseXML(chart.svg())
        let group = try #require(seriesGroups(in: root).first { $0.title == "p" }).group
        #expect(group.elements(named: "circle").count == 1)
    }

    @Test("a constant series is drawn across the vertical middle of the plot")
    func constantSeries() throws {
        let chart = LineChart(
            title: "Flat", xLabel: "x",
            series: [ChartSeries(name: "c", x: [0, 1, 2, 3], y: [3, 3, 3, 3])])
        let root = try parseXML(chart.svg(width: 720, height: 440))
        let path = try #require(seriesGroups(in: root).first?.group.elements(named: "path").first)
        // top = 40 + 8 = 48, bottom = 440 − 56 = 384: the range around 3 is symmetric, so the
        // line sits at (48 + 384) / 2 = 216.
        let points = pathSubpaths(try #require(path.attributes["d"])).flatMap { $0 }
        #expect(points.count == 4)
        for point in points { #expect(abs(point.y - 216) <= Self.pixelTolerance) }
    }

    @Test("a log axis skips zero and negative values instead of crashing")
    func logAxisSkipsNonPositive() throws {
        let chart = LineChart(
            title: "Log", series: [ChartSeries(name: "s", x: [0, 1, 2, 3, 4], y: [1, 0, -1, 10, 100])],
            yScale: .logarithmic)
        let root = try parseXML(chart.svg())
        let group = try #require(seriesGroups(in: root).first).group
        // Run 1 is the lone point (0, 1): a marker. Run 2 is (3, 10)–(4, 100): one subpath.
        let path = try #require(group.elements(named: "path").first)
        #expect(pathSubpaths(try #require(path.attributes["d"])).count == 1)
        #expect(group.elements(named: "circle").count == 1)
    }

    // MARK: Geometry

    @Test("data coordinates map to the documented plot area")
    func coordinateMapping() throws {
        let chart = LineChart(
            title: "Mapping", xLabel: "x", yLabel: "y",
            series: [ChartSeries(name: "diagonal", x: [0, 5, 10], y: [0, 5, 10], showsMarkers: true)],
            xRange: 0...10, yRange: 0...10)
        let root = try parseXML(chart.svg(width: 720, height: 440))
        let circles = try #require(seriesGroups(in: root).first).group.elements(named: "circle")
        let centres = circles.compactMap { c -> (Double, Double)? in
            guard let x = c.attributes["cx"].flatMap(Double.init), let y = c.attributes["cy"].flatMap(Double.init) else { return nil }
            return (x, y)
        }
        // y labels 0, 2, …, 10 are narrow, so left = 56; right = 720 − 24 = 696;
        // one series → no legend, so top = 40 + 8 = 48; bottom = 440 − 56 = 384.
        let expected = [(56.0, 384.0), ((56.0 + 696) / 2, (48.0 + 384) / 2), (696.0, 48.0)]
        #expect(centres.count == 3)
        for ((x, y), (ex, ey)) in zip(centres, expected) {
            #expect(abs(x - ex) <= Self.pixelTolerance)
            #expect(abs(y - ey) <= Self.pixelTolerance)
        }
    }

    @Test("NaN and infinite values break the line into separate pieces")
    func nanMakesGap() throws {
        let chart = LineChart(
            title: "Gap",
            series: [ChartSeries(name: "g", x: [0, 1, 2, 3, 4, 5, 6], y: [1, 2, .nan, 4, 5, .infinity, 3])])
        let root = try parseXML(chart.svg())
        let group = try #require(seriesGroups(in: root).first).group
        let path = try #require(group.elements(named: "path").first)
        let pieces = pathSubpaths(try #require(path.attributes["d"]))
        // (0,1)–(1,2) and (3,4)–(4,5) are lines; (6,3) alone becomes a marker.
        #expect(pieces.map(\.count) == [2, 2])
        #expect(group.elements(named: "circle").count == 1)
    }

    @Test("downsampling a 10 000-point series keeps its highest and lowest spike")
    func downsamplingKeepsExtremes() throws {
        var y = [Double](repeating: 0, count: 10_000)
        y[3333] = 5
        y[6666] = -7
        let chart = LineChart(
            title: "Spikes", series: [ChartSeries(name: "spiky", y: y)], xRange: 0...9999, yRange: -10...10)
        let svg = chart.svg(width: 720, height: 440)
        let root = try parseXML(svg)
        let path = try #require(seriesGroups(in: root).first?.group.elements(named: "path").first)
        let points = pathSubpaths(try #require(path.attributes["d"])).flatMap { $0 }
        // No x label: bottom = 440 − 34 = 406; top = 48; y = bottom − (v + 10) / 20 · 358.
        let highest = 406 - 15.0 / 20 * 358  // v = 5  → 137.5
        let lowest = 406 - 3.0 / 20 * 358  // v = −7 → 352.3
        let ys = points.map(\.y)
        #expect(abs((ys.min() ?? 0) - highest) <= Self.pixelTolerance)
        #expect(abs((ys.max() ?? 0) - lowest) <= Self.pixelTolerance)
        // At most two points per pixel column (plus the ends) instead of 10 000.
        #expect(points.count <= 2 * (696 - 56 + 1) + 2)
    }

    @Test("four 10 000-point noisy loss curves stay under 150 KB")
    func largeChartStaysSmall() throws {
        var state: UInt64 = 7
        func noise() -> Double {  // a tiny linear congruential generator, enough for noise
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let series = (0..<4).map { k in
            ChartSeries(name: "loss \(k)", y: (0..<10_000).map { i in 2.3 * (1 + noise()) / (1 + Double(i) / 500) })
        }
        let svg = LineChart(title: "Loss", xLabel: "iteration", yLabel: "loss", series: series).svg()
        #expect(svg.utf8.count < 150_000)
        _ = try parseXML(svg)
    }

    // MARK: Text and structure

    @Test("series names, titles and labels are escaped")
    func escaping() throws {
        let name = "a<b & \"c\""
        let chart = LineChart(
            title: "T<&>", xLabel: "x & y", yLabel: "<y>",
            series: [ChartSeries(name: name, x: [0, 1], y: [0, 1]), ChartSeries(name: "other", x: [0, 1], y: [1, 0])])
        let svg = chart.svg()
        #expect(svg.contains("a&lt;b &amp; &quot;c&quot;"))
        #expect(!svg.contains(name))
        let root = try parseXML(svg)
        // The parser decodes the entities back: the legend shows the original name.
        #expect(root.elements(named: "text").contains { $0.text == name })
        #expect(root.elements(named: "text").contains { $0.text == "T<&>" })
    }

    @Test("control characters, which XML 1.0 forbids, are dropped rather than breaking the document")
    func controlCharacters() throws {
        let chart = LineChart(
            title: "bell\u{07}here", series: [ChartSeries(name: "nul\u{00}x", y: [1, 2]), ChartSeries(name: "ok", y: [2, 1])])
        let root = try parseXML(chart.svg())
        #expect(root.elements(named: "text").contains { $0.text == "bellhere" })
        #expect(root.elements(named: "text").contains { $0.text == "nulx" })
    }

    @Test("self-contained: viewBox, no scripts, styles, external links or ids")
    func selfContained() throws {
        let chart = LineChart(
            title: "Accuracy", series: [
                ChartSeries(name: "train", x: [1, 2, 3], y: [0.5, 0.7, 0.8], showsMarkers: true),
                ChartSeries(name: "test", x: [1, 2, 3], y: [0.45, 0.6, 0.7], style: .dashed, showsMarkers: true),
            ])
        let svg = chart.svg(width: 600, height: 400)
        let root = try parseXML(svg)
        #expect(root.attributes["viewBox"] == "0 0 600 400")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        for forbidden in ["<script", "<style", "href", "@import", "url(", " id="] {
            #expect(!svg.contains(forbidden), "found \(forbidden)")
        }
        // Two series → a legend with both names; the dashed one has a dash pattern.
        let texts = root.elements(named: "text").map(\.text)
        #expect(texts.contains("train") && texts.contains("test"))
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test("log–log chart: ticks on powers of ten with compact labels")
    func logLogChart() throws {
        let h = (-16 ... -1).map { Double("1e\($0)")! }
        let error = h.map { 1e-16 / $0 + $0 }
        let chart = LineChart(
            title: "Error vs h", series: [ChartSeries(name: "forward", x: h, y: error)],
            xScale: .logarithmic, yScale: .logarithmic)
        let root = try parseXML(chart.svg())
        let labels = root.elements(named: "text").map(\.text)
        // Tick labels use the typographic minus sign U+2212.
        #expect(labels.contains("1e\u{2212}8"))
    }
}

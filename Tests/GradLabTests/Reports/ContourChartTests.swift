import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("ContourChart")
struct ContourChartTests {
    /// Interpolated crossings are a few float operations from the exact value.
    static let tolerance = 1e-12

    @Test("f = x on a 2×2 grid, level 0.5: one vertical segment at x = 0.5")
    func verticalSegment() throws {
        // Row 0 is y = 0, row 1 is y = 1; columns are x = 0 and x = 1, so f = x is [[0, 1], [0, 1]].
        let grid: [[Double]] = [[0, 1], [0, 1]]
        let lines = ContourChart.isolines(in: grid, xRange: 0...1, yRange: 0...1, level: 0.5)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(!line.isClosed)
        #expect(line.x.count == 2)
        for x in line.x { #expect(abs(x - 0.5) <= Self.tolerance) }
        #expect(Set(line.y) == [0, 1])
    }

    @Test("f = x² + y² on a 3×3 grid over [−1, 1]², level 0.5: a closed diamond")
    func closedLoop() throws {
        // Samples: centre 0, edge midpoints 1, corners 2. Along each centre-to-edge segment
        // f goes 0 → 1, so f = 0.5 halfway: (±0.5, 0) and (0, ±0.5).
        let grid = ContourChart.sample(xRange: -1...1, yRange: -1...1, resolution: 3) { x, y in x * x + y * y }
        let lines = ContourChart.isolines(in: grid, xRange: -1...1, yRange: -1...1, level: 0.5)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.isClosed)
        let points = Set(zip(line.x, line.y).map { "\($0),\($1)" })
        #expect(points == ["0.5,0.0", "-0.5,0.0", "0.0,0.5", "0.0,-0.5"])
    }

    @Test("a saddle cell is resolved by its centre value")
    func saddle() throws {
        // Corners: bottom-left 1, bottom-right 0, top-left 0, top-right 1; centre (mean) 0.5.
        // At level 0.4 the centre is above, so the high corners connect through the middle and
        // the lines cut off the low corners:
        //   left edge  1 → 0 at t = 0.6 → (0, 0.6);  top edge    0 → 1 at t = 0.4 → (0.4, 1)
        //   bottom edge 1 → 0 at t = 0.6 → (0.6, 0); right edge  0 → 1 at t = 0.4 → (1, 0.4)
        let grid: [[Double]] = [[1, 0], [0, 1]]
        let lines = ContourChart.isolines(in: grid, xRange: 0...1, yRange: 0...1, level: 0.4)
        #expect(lines.count == 2)
        let segments = Set(lines.map { line in
            zip(line.x, line.y).map { "(\(($0 * 1e9).rounded() / 1e9), \(($1 * 1e9).rounded() / 1e9))" }.sorted().joined()
        })
        #expect(segments == ["(0.0, 0.6)(0.4, 1.0)", "(0.6, 0.0)(1.0, 0.4)"])
    }

    @Test("NaN samples are skipped, not traced")
    func nanCells() {
        let grid: [[Double]] = [[0, .nan], [0, 1]]
        #expect(ContourChart.isolines(in: grid, xRange: 0...1, yRange: 0...1, level: 0.5).isEmpty)
    }

    @Test("sample: grid[row][col] = f(x_col, y_row), rows going up in y")
    func sampling() {
        let grid = ContourChart.sample(xRange: 0...2, yRange: 10...12, resolution: 3) { x, y in x + 100 * y }
        #expect(grid.count == 3 && grid.allSatisfy { $0.count == 3 })
        #expect(grid[0][0] == 1000)  // (x, y) = (0, 10)
        #expect(grid[0][2] == 1002)  // (2, 10)
        #expect(grid[2][1] == 1201)  // (1, 12)
    }

    @Test("levels: linear mid-points and log-spaced, rounded to two digits")
    func levels() {
        // min 0, max 3, 3 levels → 0 + (i + ½) · 1 = 0.5, 1.5, 2.5.
        #expect(ContourChart.levels(for: [[0, 1], [2, 3]], count: 3, spacing: .linear) == [0.5, 1.5, 2.5])
        // Between 1 and 1000 lie the eight 1-2-5 values 2, 5, 10, …, 500. For 8 levels they are
        // used; for 3 levels (8 > 1.6 · 3) the levels are log-spaced instead: log10 from 0 to 3
        // in 3 steps, mid-points 0.5, 1.5, 2.5 → 3.162… → 3.2, 31.6… → 32, 316… → 320.
        let samples: [[Double]] = [[1, 10], [100, 1000]]
        #expect(ContourChart.levels(for: samples, count: 8, spacing: .logarithmic) == [2, 5, 10, 20, 50, 100, 200, 500])
        #expect(ContourChart.levels(for: samples, count: 3, spacing: .logarithmic) == [3.2, 32, 320])
        #expect(ContourChart.levels(for: [[2, 2], [2, 2]], count: 5, spacing: .linear).isEmpty)
    }

    @Test("Himmelblau chart: valid SVG, one path per level, start and end marks, square plot")
    func himmelblauChart() throws {
        let f = { (x: Double, y: Double) in
            (x * x + y - 11) * (x * x + y - 11) + (x + y * y - 7) * (x + y * y - 7)
        }
        let grid = ContourChart.sample(xRange: -5...5, yRange: -5...5, resolution: 41, f)
        let levels: [Double] = [1, 10, 100]  // each crosses the square (min 0, max 890)
        let path = ChartSeries(name: "lr = 0.01 & <start>", x: [0, 1, 2, 2.8], y: [0, 1, 1.8, 2])
        let svg = ContourChart(
            title: "Himmelblau", xRange: -5...5, yRange: -5...5, grid: grid, levels: levels, paths: [path]
        ).svg()
        let root = try parseXML(svg)
        #expect(root.attributes["viewBox"] == "0 0 520 520")
        let contourTitles = root.elements(named: "path").compactMap { $0.children.first?.text }
        #expect(contourTitles == ["f = 1", "f = 10", "f = 100"])
        // The start ring (white fill) and the end dot, both r = 5.5 (legend swatches use r = 5).
        let marks = root.elements(named: "circle").filter { $0.attributes["r"] == "5.5" }
        #expect(marks.count == 2)
        #expect(svg.contains("lr = 0.01 &amp; &lt;start&gt;"))
        // equalAspect: the plot frame (the only unfilled rect) is square for a square range.
        let frame = try #require(root.elements(named: "rect").first { $0.attributes["fill"] == "none" })
        #expect(frame.attributes["width"] == frame.attributes["height"])
    }
}

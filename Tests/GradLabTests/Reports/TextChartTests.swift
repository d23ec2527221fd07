import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("TextChart")
struct TextChartTests {
    /// The chart's lines without the trailing empty string after the final newline.
    static func lines(_ text: String) -> [Substring] {
        Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
    }

    @Test("edge cases: no series, NaN-only series, a single point")
    func edgeCases() {
        for series in [[], [ChartSeries(name: "nan", y: [.nan, .nan])], [ChartSeries(name: "one", y: [4])]] {
            let lines = Self.lines(TextChart.render(series: series, width: 40, height: 6))
            #expect(lines.prefix(6).allSatisfy { $0.count == 40 })
        }
    }

    @Test("the plot has exactly the requested height and width")
    func size() {
        let series = [ChartSeries(name: "loss", y: (0..<500).map { 1 / (1 + Double($0)) })]
        for (width, height) in [(64, 14), (40, 8), (80, 20)] {
            let lines = Self.lines(TextChart.render(series: series, width: width, height: height, title: "Loss"))
            // title, `height` plot rows, axis, x range, legend.
            #expect(lines.count == height + 4)
            #expect(lines[0] == "Loss")
            for row in lines[1...(height + 1)] { #expect(row.count == width) }
            #expect(lines.last == "• loss")
        }
    }

    @Test("a rising line goes from the bottom-left to the top-right cell")
    func placement() {
        let lines = Self.lines(TextChart.render(series: [ChartSeries(name: "up", y: [0, 1, 2, 3])], width: 30, height: 5))
        // Labels "3", "1.5", "0" → gutter 4, then " ┤" or " │": plot columns start at index 6.
        #expect(lines[0].hasPrefix("   3 ┤"))
        #expect(lines[0].last == "•")
        #expect(Array(lines[4])[6] == "•")
        #expect(lines[4].hasPrefix("   0 ┤"))
        #expect(lines[6].hasSuffix("3"))  // the x range ends at 3
    }

    @Test("where two series overlap, the first one's glyph shows")
    func overlapPriority() {
        let a = ChartSeries(name: "first", y: [1, 2, 3])
        let b = ChartSeries(name: "second", y: [1, 2, 3])
        let lines = Self.lines(TextChart.render(series: [a, b], width: 30, height: 5))
        let plotRows = lines.prefix(5).joined()
        #expect(plotRows.contains("•"))
        #expect(!plotRows.contains("×"))
        #expect(lines.last == "• first   × second (hidden under •: the same values)")
        // A series with a cell of its own is not said to be hidden.
        let c = ChartSeries(name: "third", y: [1, 2, 30])
        #expect(Self.lines(TextChart.render(series: [a, c], width: 30, height: 5)).last == "• first   × third")
    }

    @Test("the y labels differ: as many digits as they need")
    func distinctLabels() {
        // A 20-iteration loss from 2.31 down to 2.29: three digits would print 2.31, 2.3, 2.3, 2.29, 2.29.
        let loss = ChartSeries(name: "loss", y: (0..<20).map { 2.31 - 0.02 * Double($0) / 19 })
        let lines = Self.lines(TextChart.render(series: [loss], width: 40, height: 9))
        let labels = lines.prefix(9).compactMap { line -> String? in
            let label = line.prefix { $0 != "┤" && $0 != "│" }.trimmingCharacters(in: .whitespaces)
            return label.isEmpty ? nil : label
        }
        // Rows 0, 2, 4, 6, 8 of 9: 2.31 − k · 0.02 / 8 for k = 0, 2, 4, 6, 8, to four digits.
        #expect(labels == ["2.31", "2.305", "2.3", "2.295", "2.29"])
        #expect(Set(labels).count == labels.count)
    }

    @Test("a logarithmic y axis labels the ends with the data range")
    func logScale() {
        let series = [ChartSeries(name: "error", x: [1, 2, 3], y: [1e-8, 1e-4, 1])]
        let lines = Self.lines(TextChart.render(series: series, width: 30, height: 5, yScale: .logarithmic))
        #expect(lines[0].hasPrefix("    1 ┤"))
        #expect(lines[2].hasPrefix(" 1e-4 ┤"))
        #expect(lines[4].hasPrefix(" 1e-8 ┤"))
        // Equal ratios get equal spacing: (2, 1e-4) sits on the middle row, in plot column
        // round((2 − 1) / (3 − 1) · (23 − 1)) = 11 of 30 − 5 − 2 = 23, after the 7-character gutter.
        #expect(Array(lines[2])[7 + 11] == "•")
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("HTMLReport")
struct HTMLReportTests {
    /// A report using every kind of block.
    static func sampleReport() -> HTMLReport {
        let chart = LineChart(title: "Loss", series: [ChartSeries(name: "loss", y: [2.3, 1.2, 0.7, 0.5])])
        return HTMLReport(
            title: "Report <1> & more", subtitle: "a \"subtitle\"",
            sections: [
                .init(heading: "Text", blocks: [
                    .paragraph("x < 1 & y > 2, see `numericalGradient(of:at:)`."),
                    .note("Check `b2` first."),
                    .code("let x = a < b && c > d"),
                    .keyValues([(key: "epochs", value: "10"), (key: "rate <lr>", value: "0.1")]),
                ]),
                .init(heading: "Numbers", blocks: [
                    .table(header: ["layer", "error", "share"], rows: [["W1", "1.2e-8", "40 %"], ["b1", "-3", "60%"]]),
                ]),
                .init(heading: "Charts", blocks: [
                    .svg("<?xml version=\"1.0\"?>\n" + chart.svg()),
                    .figureRow([chart.svg(width: 400, height: 300), chart.svg(width: 400, height: 300)]),
                ]),
            ])
    }

    @Test("an empty report is a complete document")
    func emptyReport() {
        let html = HTMLReport(title: "Empty").render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Empty</title>"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test("self-contained: no scripts, no external resources, no URLs but the SVG namespace")
    func selfContained() {
        let html = Self.sampleReport().render()
        #expect(!html.lowercased().contains("<script"))
        for forbidden in ["src=", "<link", "@import", "url(", "href"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        let withoutNamespace = html.split(separator: "http://www.w3.org/2000/svg", omittingEmptySubsequences: false).joined()
        #expect(!withoutNamespace.contains("http"))
    }

    @Test("text is escaped everywhere; backticks become code")
    func escaping() {
        let html = Self.sampleReport().render()
        #expect(html.contains("<title>Report &lt;1&gt; &amp; more</title>"))
        #expect(html.contains("<h1>Report &lt;1&gt; &amp; more</h1>"))
        #expect(html.contains("a &quot;subtitle&quot;"))
        #expect(html.contains("x &lt; 1 &amp; y &gt; 2, see <code>numericalGradient(of:at:)</code>."))
        #expect(html.contains("<pre><code>let x = a &lt; b &amp;&amp; c &gt; d</code></pre>"))
        #expect(html.contains("<dt>rate &lt;lr&gt;</dt><dd>0.1</dd>"))
        #expect(!html.contains("x < 1"))
    }

    @Test("numeric table columns are right-aligned, text columns are not")
    func tableAlignment() {
        let html = Self.sampleReport().render()
        #expect(html.contains("<th>layer</th><th class=\"num\">error</th><th class=\"num\">share</th>"))
        #expect(html.contains("<tr><td>W1</td><td class=\"num\">1.2e-8</td><td class=\"num\">40 %</td></tr>"))
    }

    @Test("SVGs are embedded inline with a viewBox, XML declarations removed")
    func inlineSVG() throws {
        let html = Self.sampleReport().render()
        #expect(!html.contains("<?xml"))
        let svgCount = html.split(separator: "<svg ", omittingEmptySubsequences: false).count - 1
        #expect(svgCount == 3)
        #expect(html.contains("class=\"figure-row\""))
        #expect(html.contains("max-width: 100%") && html.contains("height: auto"))
        // Each embedded chart is still well-formed XML on its own.
        var rest = Substring(html)
        while let start = rest.firstRange(of: "<svg "), let end = rest[start.lowerBound...].firstRange(of: "</svg>") {
            let root = try parseXML(String(rest[start.lowerBound..<end.upperBound]))
            #expect(root.attributes["viewBox"] != nil)
            rest = rest[end.upperBound...]
        }
    }
}

import GradLab
import GradLabReports

extension SpeedCommand {
    /// Where the files went.
    struct Files {
        /// The log-log chart.
        var chart: String
        /// The HTML report.
        var report: String
    }

    /// The chart, the CSV of timings and the report, written into `folder`.
    static func write(_ result: Result, to folder: OutputFolder) throws -> Files {
        let rows = result.rows
        let svg = chart(result).svg()
        let chartPath = try folder.write(svg, to: "speed.svg")
        try folder.write(CSV.render(columns: [
            ("hidden", rows.map { Double($0.hidden) }), ("parameters", rows.map { Double($0.parameters) }),
            ("fullSeconds", rows.map(\.fullSeconds)), ("incrementalSeconds", rows.map(\.incrementalSeconds)),
            ("backpropSeconds", rows.map(\.backpropSeconds)),
            ("layersSeconds", rows.map(\.timings.layersSeconds)), ("tapeSeconds", rows.map(\.timings.tapeSeconds)),
            ("autodiffSeconds", rows.map { $0.timings.autodiffSeconds ?? .nan }),
        ]), to: "speed.csv")
        let table = self.table(result), note = self.note(result)
        let report = HTMLReport(title: "GradLab: why the numerical gradient is slow", subtitle: "784-H-10 TwoLayerNet, batch \(result.batch)", sections: [
            .init(heading: "Time of one gradient", blocks: [.svg(svg), .table(header: table.header, rows: table.rows), .paragraph(slopeText(result))] + (note.isEmpty ? [] : [.paragraph(note)])),
            .init(heading: "The exact gradients side by side", blocks: [.table(header: exactTable(result).header, rows: exactTable(result).rows)]),
        ] + (result.batchNorm.map { [.init(heading: "BatchNorm's backward, two ways", blocks: [.paragraph(batchNormText($0))])] } ?? []))
        return Files(chart: chartPath, report: try folder.write(report.render(), to: "speed.html"))
    }

    /// Seconds against parameters for each method, log-log, with the slopes in the legend.
    static func chart(_ result: Result) -> LineChart {
        let rows = result.rows, slopes = result.slopes
        return LineChart(
            title: "Time of one gradient (batch \(result.batch)) against network size", xLabel: "parameters",
            yLabel: "seconds",
            series: [
                ChartSeries(name: "numerical, full (slope \(fixed(slopes.full, 2)))", x: rows.map { Double($0.parameters) }, y: rows.map(\.fullSeconds), showsMarkers: true),
                ChartSeries(name: "numerical, incremental (slope \(fixed(slopes.incremental, 2)))", x: rows.map { Double($0.parameters) }, y: rows.map(\.incrementalSeconds), style: .dashed, showsMarkers: true),
                ChartSeries(name: "backprop, fast path (slope \(fixed(slopes.backprop, 2)))", x: rows.map { Double($0.parameters) }, y: rows.map(\.backpropSeconds), style: .dotted, showsMarkers: true),
                ChartSeries(name: "backprop through the layers", x: rows.map { Double($0.parameters) }, y: rows.map(\.timings.layersSeconds), showsMarkers: true),
                ChartSeries(name: "gradient tape", x: rows.map { Double($0.parameters) }, y: rows.map(\.timings.tapeSeconds), style: .dashed, showsMarkers: true),
            ] + (rows.allSatisfy { $0.timings.autodiffSeconds != nil } ? [
                ChartSeries(name: "Swift autodiff", x: rows.map { Double($0.parameters) }, y: rows.map { $0.timings.autodiffSeconds ?? .nan }, style: .dotted, showsMarkers: true),
            ] : []),
            xScale: .logarithmic, yScale: .logarithmic)
    }

    /// The exact gradients side by side: the fast path, the layers, the tape, Swift's autodiff.
    static func exactTable(_ result: Result) -> TextTable {
        var table = TextTable(["hidden", "fast path", "layers", "tape", "autodiff", "layers/fast", "tape/layers", "autodiff/layers"])
        for row in result.rows {
            let t = row.timings
            table.add(["\(row.hidden)", duration(t.backpropSeconds), duration(t.layersSeconds), duration(t.tapeSeconds),
                       t.autodiffSeconds.map(duration) ?? "n/a", "\(fixed(t.layersSeconds / t.backpropSeconds, 1))×",
                       "\(fixed(t.tapeSeconds / t.layersSeconds, 2))×",
                       t.autodiffSeconds.map { "\(fixed($0 / t.layersSeconds, 2))×" } ?? "n/a"])
        }
        return table
    }

    /// One row per hidden size: times, ratios and loss evaluations.
    static func table(_ result: Result) -> TextTable {
        var table = TextTable(["hidden", "parameters", "full numerical", "incremental", "backprop", "full/backprop", "full/incremental", "evaluations (full)", "evaluations (incr.)"])
        for row in result.rows {
            table.add(["\(row.hidden)", "\(row.parameters)",
                       duration(row.fullSeconds) + (row.fullMeasuredElements < row.parameters ? "*" : ""),
                       duration(row.incrementalSeconds), duration(row.backpropSeconds),
                       "\(fixed(row.fullSeconds / row.backpropSeconds, 0))×", "\(fixed(row.fullSeconds / row.incrementalSeconds, 0))×",
                       "\(2 * row.parameters)", "\(row.incrementalEvaluations)"])
        }
        return table
    }

    /// The footnotes: full-method times scaled from a sample, and a run stopped by Ctrl-C; empty
    /// when neither applies.
    static func note(_ result: Result) -> String {
        var lines: [String] = []
        if result.rows.contains(where: { $0.fullMeasuredElements < $0.parameters }) {
            lines.append("* timed on \(result.sample) random parameters and scaled to all of them (every loss evaluation costs the same)")
        }
        if result.isInterrupted {
            lines.append("Interrupted (Ctrl-C) after \(result.rows.count) of \(result.requestedSizes.count) hidden sizes: "
                         + "the sizes not timed are missing, and the slopes use only those that were.")
        }
        return lines.joined(separator: "\n")
    }

    /// The three slopes in a sentence.
    static func slopeText(_ result: Result) -> String {
        let slopes = result.slopes
        return "log-log slopes of time against parameters: full \(fixed(slopes.full, 2)), incremental \(fixed(slopes.incremental, 2)), backprop \(fixed(slopes.backprop, 2)) (2 means quadratic growth, 1 linear)"
    }

    /// The `--json` object.
    static func json(_ result: Result, _ files: Files) -> JSON {
        let slopes = result.slopes
        return JSON.object([
            ("batch", .integer(result.batch)),
            ("rows", .array(result.rows.map { row in
                .object([("hidden", .integer(row.hidden)), ("parameters", .integer(row.parameters)),
                         ("fullNumericSeconds", .number(row.fullSeconds)), ("fullMeasuredParameters", .integer(row.fullMeasuredElements)),
                         ("incrementalNumericSeconds", .number(row.incrementalSeconds)), ("backpropSeconds", .number(row.backpropSeconds)),
                         ("fullLossEvaluations", .integer(2 * row.parameters)), ("incrementalLossEvaluations", .integer(row.incrementalEvaluations)),
                         ("fullOverBackprop", .number(row.fullSeconds / row.backpropSeconds)),
                         ("fullOverIncremental", .number(row.fullSeconds / row.incrementalSeconds)),
                         ("layersSeconds", .number(row.timings.layersSeconds)), ("tapeSeconds", .number(row.timings.tapeSeconds)),
                         ("autodiffSeconds", row.timings.autodiffSeconds.map { .number($0) } ?? .null)])
            })),
            ("slopes", .object([("full", .number(slopes.full)), ("incremental", .number(slopes.incremental)), ("backprop", .number(slopes.backprop))])),
            ("batchNormBackward", result.batchNorm.map(batchNormJSON) ?? .null),
            ("outcome", .string(result.isInterrupted ? "interrupted" : "completed")),
            ("chart", .string(files.chart)), ("report", .string(files.report)),
        ])
    }

    /// For the terminal: the table, the slopes and the chart drawn in text.
    static func text(_ result: Result, _ files: Files) -> String {
        let note = self.note(result)
        var lines = ["One gradient of a 784-H-10 TwoLayerNet on a batch of \(result.batch) MNIST images", "", table(result).text]
        if !note.isEmpty { lines.append(note) }
        lines += [slopeText(result), "", "The exact gradients (backprop by hand, fast and readable; the tape; Swift's autodiff):", "",
                  exactTable(result).text, ""] + (result.batchNorm.map { [batchNormText($0), ""] } ?? [])
        return lines.joined(separator: "\n") + "\n"
            + TextChart.render(series: chart(result).series, width: 64, height: 12, yScale: .logarithmic, xScale: .logarithmic,
                               title: "seconds against parameters (log-log)")
            + "chart: \(files.chart)\nreport: \(files.report)\n"
    }
}

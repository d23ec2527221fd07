import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// `gradlab speed`: the time of one gradient by the full numerical method, the incremental
/// numerical method and backprop, for growing hidden layers, and how each grows.
enum SpeedCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "speed",
        abstract: "Time full numerical, incremental numerical and backprop gradients as the network grows.",
        discussion: """
            For each hidden size, builds a 784-H-10 TwoLayerNet and times one gradient on the same \
            batch of MNIST images by each method. The full method costs 2·P forward passes for P \
            parameters, each costing about P: it grows with the square of the network. Backprop grows \
            linearly. The full method is timed on --sample parameters chosen at random (every loss \
            evaluation costs the same) and scaled to all of them; use --sample 0 to time every one.
            """,
        options: [
            hidden, batch, sample, DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let hidden = Option<[Int]>("hidden", "LIST", help: "Hidden sizes, comma-separated.",
                                      default: [10, 20, 50, 100, 200], range: 1...5000)
    static let batch = Option<Int>("batch", "N", help: "Batch size.", default: 100, range: 1...10_000)
    static let sample = Option<Int>("sample", "N", help: "Parameters timed for the full method (0 = all).",
                                    default: 500, range: 0...100_000_000)

    /// One hidden size's measurements.
    struct Row {
        var hidden: Int
        var parameters: Int
        var timings: GradientTimings
        var fullSeconds: Double { timings.fullSeconds }
        var fullMeasuredElements: Int { timings.fullMeasuredParameters }
        var incrementalSeconds: Double { timings.incrementalSeconds }
        var incrementalEvaluations: Int { timings.incrementalEvaluations }
        var backpropSeconds: Double { timings.backpropSeconds }
    }

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let sizes = try arguments[Self.hidden]
        let batch = try arguments[Self.batch]
        let sample = try arguments[Self.sample]
        let seed = try arguments[CommonOptions.seed]
        let json = try arguments[CommonOptions.json]
        let data = try DataSource.load(from: arguments[DataSource.option])
        guard batch <= data.train.count else { throw CommandError("--batch \(batch): only \(data.train.count) training images") }
        let indices = Array(0..<batch)
        let x = data.train.images(at: indices)
        let t = Tensor(data.train.labels(at: indices).map(Double.init))
        var rows: [Row] = []
        let sparse = sparseIfWorthIt(data.train)
        for hidden in sizes {
            if console.isInteractive && !json { console.writeError("timing hidden size \(hidden)…\r") }
            let net = TwoLayerNet(inputSize: x.shape[1], hiddenSize: hidden, outputSize: 10, seed: seed)
            rows.append(Row(hidden: hidden, parameters: net.parameters.scalarCount,
                            timings: GradientTimings.measure(net, x, t, images: data.train, sparse: sparse, indices: indices,
                                                             fullSample: sample, seed: seed)))
        }
        if console.isInteractive && !json { console.writeError(String(repeating: " ", count: 40) + "\r") }

        let fit = { (values: [Double]) in slope(x: rows.map { Double($0.parameters) }, y: values) }
        let slopes = (full: fit(rows.map(\.fullSeconds)), incremental: fit(rows.map(\.incrementalSeconds)),
                      backprop: fit(rows.map(\.backpropSeconds)))
        let chart = LineChart(
            title: "Time of one gradient (batch \(batch)) against network size", xLabel: "parameters",
            yLabel: "seconds",
            series: [
                ChartSeries(name: "numerical, full (slope \(fixed(slopes.full, 2)))", x: rows.map { Double($0.parameters) }, y: rows.map(\.fullSeconds), showsMarkers: true),
                ChartSeries(name: "numerical, incremental (slope \(fixed(slopes.incremental, 2)))", x: rows.map { Double($0.parameters) }, y: rows.map(\.incrementalSeconds), style: .dashed, showsMarkers: true),
                ChartSeries(name: "backprop (slope \(fixed(slopes.backprop, 2)))", x: rows.map { Double($0.parameters) }, y: rows.map(\.backpropSeconds), style: .dotted, showsMarkers: true),
            ],
            xScale: .logarithmic, yScale: .logarithmic)
        let folder = try CommonOptions.outputFolder(arguments)
        let svg = chart.svg()
        let svgPath = try folder.write(svg, to: "speed.svg")
        try folder.write(CSV.render(columns: [
            ("hidden", rows.map { Double($0.hidden) }), ("parameters", rows.map { Double($0.parameters) }),
            ("fullSeconds", rows.map(\.fullSeconds)), ("incrementalSeconds", rows.map(\.incrementalSeconds)),
            ("backpropSeconds", rows.map(\.backpropSeconds)),
        ]), to: "speed.csv")
        var table = TextTable(["hidden", "parameters", "full numerical", "incremental", "backprop", "full/backprop", "full/incremental", "evaluations (full)", "evaluations (incr.)"])
        for row in rows {
            table.add(["\(row.hidden)", "\(row.parameters)",
                       duration(row.fullSeconds) + (row.fullMeasuredElements < row.parameters ? "*" : ""),
                       duration(row.incrementalSeconds), duration(row.backpropSeconds),
                       "\(fixed(row.fullSeconds / row.backpropSeconds, 0))×", "\(fixed(row.fullSeconds / row.incrementalSeconds, 0))×",
                       "\(2 * row.parameters)", "\(row.incrementalEvaluations)"])
        }
        let note = rows.contains { $0.fullMeasuredElements < $0.parameters }
            ? "* timed on \(sample) random parameters and scaled to all of them (every loss evaluation costs the same)" : ""
        let slopeText = "log-log slopes of time against parameters: full \(fixed(slopes.full, 2)), incremental \(fixed(slopes.incremental, 2)), backprop \(fixed(slopes.backprop, 2)) (2 means quadratic growth, 1 linear)"
        let report = HTMLReport(title: "GradLab: why the numerical gradient is slow", subtitle: "784-H-10 TwoLayerNet, batch \(batch)", sections: [
            .init(heading: "Time of one gradient", blocks: [.svg(svg), .table(header: table.header, rows: table.rows), .paragraph(slopeText)] + (note.isEmpty ? [] : [.paragraph(note)])),
        ])
        let reportPath = try folder.write(report.render(), to: "speed.html")

        if json {
            console.line(JSON.object([
                ("batch", .integer(batch)),
                ("rows", .array(rows.map { row in
                    .object([("hidden", .integer(row.hidden)), ("parameters", .integer(row.parameters)),
                             ("fullNumericSeconds", .number(row.fullSeconds)), ("fullMeasuredParameters", .integer(row.fullMeasuredElements)),
                             ("incrementalNumericSeconds", .number(row.incrementalSeconds)), ("backpropSeconds", .number(row.backpropSeconds)),
                             ("fullLossEvaluations", .integer(2 * row.parameters)), ("incrementalLossEvaluations", .integer(row.incrementalEvaluations)),
                             ("fullOverBackprop", .number(row.fullSeconds / row.backpropSeconds)),
                             ("fullOverIncremental", .number(row.fullSeconds / row.incrementalSeconds))])
                })),
                ("slopes", .object([("full", .number(slopes.full)), ("incremental", .number(slopes.incremental)), ("backprop", .number(slopes.backprop))])),
                ("chart", .string(svgPath)), ("report", .string(reportPath)),
            ]).text)
            return
        }
        console.line("One gradient of a 784-H-10 TwoLayerNet on a batch of \(batch) MNIST images")
        console.line()
        console.line(table.text)
        if !note.isEmpty { console.line(note) }
        console.line(slopeText)
        console.line()
        console.write(TextChart.render(series: chart.series, width: 64, height: 12, yScale: .logarithmic, xScale: .logarithmic, title: "seconds against parameters (log-log)"))
        console.line("chart: \(svgPath)\nreport: \(reportPath)")
    }

    /// The least-squares slope of log y against log x.
    static func slope(x: [Double], y: [Double]) -> Double {
        let lx = x.map { log10($0) }, ly = y.map { log10($0) }
        let n = Double(lx.count)
        guard n >= 2 else { return .nan }
        let mx = lx.reduce(0, +) / n, my = ly.reduce(0, +) / n
        let covariance = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let variance = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return covariance / variance
    }
}

import GradLab
import GradLabReports

extension BatchNormCommand {
    /// Final training accuracy against σ (log axis), with and without BatchNorm.
    static func finalChart(_ study: BatchNormStudy) -> LineChart {
        let sigmas = study.pairs.map(\.weightScale)
        return LineChart(title: "Final training accuracy against the initial weight scale", xLabel: "σ of the initial weights",
                         yLabel: "training accuracy", series: [
                            ChartSeries(name: "BatchNorm", x: sigmas, y: study.pairs.map(\.batchNorm.finalTrainAccuracy),
                                        showsMarkers: true, color: ChartPalette.color(at: 0)),
                            ChartSeries(name: "plain", x: sigmas, y: study.pairs.map(\.plain.finalTrainAccuracy), style: .dashed,
                                        showsMarkers: true, color: ChartPalette.color(at: 1)),
                         ], xScale: .logarithmic, yRange: 0...1)
    }

    /// Training accuracy against the epoch at one σ, with and without BatchNorm: one panel of the
    /// book's figure 6-19.
    static func pairChart(_ study: BatchNormStudy, _ pair: BatchNormStudy.Pair) -> LineChart {
        let perEpoch = study.schedule.iterationsPerEpoch(trainSize: study.trainSize)
        func series(_ run: StudyRun, _ name: String, _ index: Int, _ style: LineStyle) -> ChartSeries {
            ChartSeries(name: name, x: run.history.epochs.map { Double($0.iteration / perEpoch) },
                        y: run.history.epochs.map(\.trainAccuracy), style: style, color: ChartPalette.color(at: index))
        }
        return LineChart(title: "σ = \(NumberFormatting.format(pair.weightScale, significantDigits: 3))", xLabel: "epoch", yLabel: "train accuracy",
                         series: [series(pair.batchNorm, "BatchNorm", 0, .solid), series(pair.plain, "plain", 1, .dashed)],
                         yRange: 0...1)
    }

    /// One row per σ: final training accuracy without and with BatchNorm.
    static func table(_ study: BatchNormStudy) -> (header: [String], rows: [[String]]) {
        (["σ", "plain", "BatchNorm", "note"], study.pairs.map { pair in
            let notes = [("plain", pair.plain), ("BatchNorm", pair.batchNorm)].compactMap { name, run in
                run.divergence.map { "\(name) diverged at iteration \($0.iteration)" }
            }
            return [scientific(pair.weightScale), fixed(pair.plain.finalTrainAccuracy, 4), fixed(pair.batchNorm.finalTrainAccuracy, 4),
                    notes.joined(separator: "; ")]
        })
    }

    /// The charts, the CSV and the report, written into `folder`; returns the report's path.
    static func write(_ study: BatchNormStudy, reproduction: String, data: String, to folder: OutputFolder) throws -> String {
        let finalSVG = finalChart(study).svg()
        try folder.write(finalSVG, to: "batchnorm-final.svg")
        var panels: [String] = []
        for (index, pair) in study.pairs.enumerated() {
            let svg = pairChart(study, pair).svg(width: 440, height: 280)
            try folder.write(svg, to: "batchnorm-sigma-\(index + 1).svg")
            panels.append(svg)
        }
        try folder.write(csv(study), to: "batchnorm.csv")
        let table = StudySupport.droppingEmptyNotes(self.table(study))
        let schedule = study.schedule
        let report = HTMLReport(
            title: "GradLab: BatchNorm and the initial weights",
            subtitle: "the book's section 6.3: \(study.hiddenLayers) hidden layers of \(study.width) ReLU, the first \(study.trainSize) training images of \(data), SGD η = \(schedule.learningRate), batch \(schedule.batchSize), \(schedule.epochs) epochs",
            sections: [
                .init(heading: "Final training accuracy", blocks: [
                    .svg(finalSVG), .table(header: table.header, rows: table.rows),
                    .paragraph("Both networks start from the same N(0, σ²) weights and see the same batches; one has BatchNorm after every hidden affine layer. Accuracy is measured on the \(study.trainSize) training images, as in the book."),
                ]),
                .init(heading: "Training accuracy at each σ", blocks: stride(from: 0, to: panels.count, by: 2).map {
                    .figureRow(Array(panels[$0 ..< min($0 + 2, panels.count)]))
                }),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab batchnorm " + reproduction)]),
            ])
        return try folder.write(report.render(), to: "batchnorm.html")
    }

    /// CSV: one row per σ and measurement.
    static func csv(_ study: BatchNormStudy) -> String {
        var rows: [[String]] = []
        for pair in study.pairs {
            for (name, run) in [("plain", pair.plain), ("BatchNorm", pair.batchNorm)] {
                for record in run.history.epochs {
                    rows.append(["\(pair.weightScale)", name, "\(record.iteration)", "\(record.trainAccuracy)"])
                }
            }
        }
        return CSV.render(header: ["sigma", "network", "iteration", "train accuracy"], rows: rows)
    }

    /// The `--json` object.
    static func json(_ study: BatchNormStudy, report: String) -> JSON {
        JSON.object([
            ("trainSize", .integer(study.trainSize)), ("hiddenLayers", .integer(study.hiddenLayers)), ("width", .integer(study.width)),
            ("epochs", .integer(study.schedule.epochs)), ("iterations", .integer(study.schedule.iterations(trainSize: study.trainSize))),
            ("batchSize", .integer(study.schedule.batchSize)), ("learningRate", .number(study.schedule.learningRate)),
            ("scales", .array(study.pairs.map { pair in
                .object([("sigma", .number(pair.weightScale)),
                         ("plain", StudySupport.json(pair.plain, includeTest: false)),
                         ("batchNorm", StudySupport.json(pair.batchNorm, includeTest: false))])
            })),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: the table and the final accuracy against σ.
    static func text(_ study: BatchNormStudy, report: String, folder: OutputFolder) -> String {
        let schedule = study.schedule
        var text = "BatchNorm against the initial weight scale: \(study.hiddenLayers) hidden layers of \(study.width) ReLU, the first \(study.trainSize) training images, SGD η = \(schedule.learningRate), batch \(schedule.batchSize), \(schedule.epochs) epochs (\(schedule.iterations(trainSize: study.trainSize)) steps); training accuracy at the end\n\n"
        let table = self.table(study)
        var textTable = TextTable(table.header)
        for row in table.rows { textTable.add(row) }
        text += textTable.text + "\n\n"
        let chart = finalChart(study)
        text += TextChart.render(series: chart.series, width: 64, height: 12, xScale: .logarithmic, title: chart.title + " (σ on a log axis)") + "\n"
        return text + StudySupport.filesLine(report: report, folder: folder, prefix: "batchnorm")
    }
}

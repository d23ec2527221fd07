import GradLab
import GradLabReports

extension OverfittingCommand {
    /// Train (solid) and test (dashed) accuracy per epoch of one run.
    static func accuracyChart(_ run: StudyRun, perEpoch: Int) -> LineChart {
        let epochs = run.history.epochs.map { Double($0.iteration / perEpoch) }
        return LineChart(title: run.name, xLabel: "epoch", yLabel: "accuracy", series: [
            ChartSeries(name: "train", x: epochs, y: run.history.epochs.map(\.trainAccuracy), color: ChartPalette.color(at: 0)),
            ChartSeries(name: "test", x: epochs, y: run.history.epochs.map(\.testAccuracy), style: .dashed, color: ChartPalette.color(at: 1)),
        ], yRange: 0...1)
    }

    /// The gap train − test per epoch, one line per run.
    static func gapChart(_ study: OverfittingStudy, perEpoch: Int) -> LineChart {
        LineChart(title: "Train accuracy − test accuracy (first \(study.curveTestSize) test images)", xLabel: "epoch", yLabel: "gap", series: study.runs.enumerated().map { index, run in
            ChartSeries(name: run.name, x: run.history.epochs.map { Double($0.iteration / perEpoch) },
                        y: run.history.epochs.map { $0.trainAccuracy - $0.testAccuracy },
                        style: [LineStyle.solid, .dashed, .dotted][index % 3], color: ChartPalette.color(at: index))
        })
    }

    /// One row per run: final train accuracy, final test accuracy on the curve's images and on
    /// the whole test set, the gap (on the whole test set), the curve's best test accuracy.
    static func table(_ study: OverfittingStudy, testImages: Int) -> (header: [String], rows: [[String]]) {
        (["run", "train", "test (\(study.curveTestSize))", "test (\(testImages))", "gap", "best test (\(study.curveTestSize))", "note"],
         study.runs.enumerated().map { index, run in
             [run.name, fixed(run.finalTrainAccuracy, 4), fixed(run.finalTestAccuracy, 4), fixed(study.finalTestAccuracies[index], 4),
              fixed(study.gap(index), 4), fixed(run.history.epochs.map(\.testAccuracy).max() ?? 0, 4), StudySupport.status(run)]
         })
    }

    /// The charts, the CSV and the report, written into `folder`; returns the report's path.
    static func write(_ study: OverfittingStudy, testImages: Int, reproduction: String, data: String,
                      to folder: OutputFolder) throws -> String {
        let perEpoch = study.schedule.iterationsPerEpoch(trainSize: study.trainSize)
        let files = ["plain", "weight-decay", "dropout"]
        var svgs: [String] = []
        for (run, file) in zip(study.runs, files) {
            let svg = accuracyChart(run, perEpoch: perEpoch).svg(width: 340, height: 280)
            try folder.write(svg, to: "overfitting-\(file).svg")
            svgs.append(svg)
        }
        let gapSVG = gapChart(study, perEpoch: perEpoch).svg()
        try folder.write(gapSVG, to: "overfitting-gap.svg")
        try folder.write(TrainingCharts.epochCSV(study.runs.map { TrainingCharts.Run(name: $0.name, history: $0.history) }),
                         to: "overfitting.csv")
        let table = StudySupport.droppingEmptyNotes(self.table(study, testImages: testImages))
        let schedule = study.schedule
        let report = HTMLReport(
            title: "GradLab: overfitting, weight decay and dropout",
            subtitle: "the book's section 6.4: \(study.hiddenLayers) hidden layers of \(study.width) ReLU (He), the first \(study.trainSize) training images of \(data), SGD η = \(schedule.learningRate), batch \(schedule.batchSize), \(schedule.epochs) epochs",
            sections: [
                .init(heading: "Train and test accuracy", blocks: [
                    .figureRow(svgs),
                    .table(header: table.header, rows: table.rows),
                    .paragraph("Accuracy on the \(study.trainSize) training images and on the first \(study.curveTestSize) test images, after the first step and once per epoch (\(perEpoch) steps); the final accuracies also on all \(testImages) test images, and the gap is train − test on all of them. The plain network learns its few images by heart while test accuracy stalls: that gap is overfitting. Weight decay adds ½λΣW² to the loss (λ = \(study.weightDecay)), so every step shrinks the weights; dropout drops each hidden unit with probability \(study.dropoutRate) in training. All three start from the same weights and see the same batches."),
                ]),
                .init(heading: "The gap", blocks: [.svg(gapSVG)]),
                .init(heading: "The networks", blocks: [.code(study.runs.map { "\($0.name):\n  " + StudySupport.wrapped($0.specification) }.joined(separator: "\n"))]),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab overfitting " + reproduction)]),
            ])
        return try folder.write(report.render(), to: "overfitting.html")
    }

    /// The `--json` object.
    static func json(_ study: OverfittingStudy, testImages: Int, report: String) -> JSON {
        JSON.object([
            ("trainSize", .integer(study.trainSize)), ("curveTestImages", .integer(study.curveTestSize)), ("testImages", .integer(testImages)),
            ("hiddenLayers", .integer(study.hiddenLayers)), ("width", .integer(study.width)),
            ("epochs", .integer(study.schedule.epochs)), ("iterations", .integer(study.schedule.iterations(trainSize: study.trainSize))),
            ("batchSize", .integer(study.schedule.batchSize)), ("learningRate", .number(study.schedule.learningRate)),
            ("weightDecay", .number(study.weightDecay)), ("dropoutRate", .number(study.dropoutRate)),
            ("runs", .array(study.runs.enumerated().map { index, run in
                let extra: [(String, JSON)] = [("finalTestAccuracyAllImages", .number(study.finalTestAccuracies[index])),
                                               ("gap", .number(study.gap(index)))]
                guard case .object(let pairs) = StudySupport.json(run) else { return StudySupport.json(run) }
                return .object(pairs + extra)
            })),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: the table, then train and test accuracy of each run against the epoch.
    static func text(_ study: OverfittingStudy, testImages: Int, report: String, folder: OutputFolder) -> String {
        let schedule = study.schedule
        let perEpoch = schedule.iterationsPerEpoch(trainSize: study.trainSize)
        var text = "Overfitting: \(study.hiddenLayers) hidden layers of \(study.width) ReLU (He) on the first \(study.trainSize) training images, SGD η = \(schedule.learningRate), batch \(schedule.batchSize), \(schedule.epochs) epochs (\(schedule.iterations(trainSize: study.trainSize)) steps); test accuracy on the first \(study.curveTestSize) test images each epoch and on all \(testImages) at the end\n\n"
        let table = StudySupport.droppingEmptyNotes(self.table(study, testImages: testImages))
        var textTable = TextTable(table.header)
        for row in table.rows { textTable.add(row) }
        text += textTable.text + "\n\n"
        var series: [ChartSeries] = []
        for run in study.runs {
            let chart = accuracyChart(run, perEpoch: perEpoch)
            series += chart.series.map { ChartSeries(name: "\(run.name) \($0.name)", x: $0.x, y: $0.y) }
        }
        text += TextChart.render(series: series, width: 72, height: 14, title: "accuracy against the epoch") + "\n"
        return text + StudySupport.filesLine(report: report, folder: folder, prefix: "overfitting")
    }
}

import Foundation
import GradLab
import GradLabReports

extension MainJobCommand {
    /// The three charts, drawn once for the files and the report.
    struct Charts {
        /// Both runs' loss per iteration.
        var loss: String
        /// Both runs' accuracy per epoch.
        var accuracy: String
        /// The difference of the two losses per iteration, on a log scale; `nil` until both runs
        /// have done an iteration (an interrupted job may have none to compare).
        var difference: String?
    }

    /// The runs done (the numerical one may not have started), named and styled for charts and
    /// CSVs.
    static func runs(_ result: Result) -> [TrainingCharts.Run] {
        [TrainingCharts.Run(name: TrainingRun.backprop.name, history: result.backprop, style: .solid)]
            + (result.numeric.map { [TrainingCharts.Run(name: TrainingRun.numerical.name, history: $0, style: .dashed)] } ?? [])
    }

    /// Draws the charts.
    static func charts(_ result: Result) -> Charts {
        let runs = runs(result)
        let differences = result.numeric.map { numeric in
            zip(numeric.losses, result.backprop.losses).map { max(abs($0 - $1), 1e-17) }
        } ?? []
        return Charts(
            loss: TrainingCharts.lossChart(runs, title: "Loss: numerical gradient vs backprop").svg(),
            accuracy: TrainingCharts.accuracyChart(runs, title: "Accuracy per epoch: numerical vs backprop").svg(),
            difference: differences.isEmpty ? nil : LineChart(
                title: "|loss(numerical) − loss(backprop)| per iteration", xLabel: "iteration", yLabel: "absolute difference",
                series: [ChartSeries(name: "difference", y: differences, width: 1.5)],
                yScale: .logarithmic).svg())
    }

    /// The charts, the CSVs and the report, written into `folder`; returns the report's path.
    static func write(_ result: Result, settings: Settings, to folder: OutputFolder) throws -> String {
        let runs = runs(result), charts = charts(result)
        try folder.write(charts.loss, to: "loss.svg")
        try folder.write(charts.accuracy, to: "accuracy.svg")
        if let difference = charts.difference { try folder.write(difference, to: "loss-difference.svg") }
        try folder.write(TrainingCharts.lossCSV(runs), to: "loss.csv")
        try folder.write(TrainingCharts.epochCSV(runs), to: "accuracy.csv")
        try folder.write(GradCheckCommand.csv(result.check.report), to: "gradcheck.csv")
        return try folder.write(report(result, charts: charts, settings: settings).render(), to: "index.html")
    }

    /// The HTML report: the two runs, the gradient check, the speed, and how to reproduce it.
    static func report(_ result: Result, charts: Charts, settings: Settings) -> HTMLReport {
        let (check, speed, differences) = (result.check, result.speed.timings, result.differences)
        let checkRows = check.report.comparisons.map { (c: GradientComparison) -> [String] in
            let shape = c.shape.map(String.init).joined(separator: "×")
            let worst: String = c.maxRelativeError.map { scientific($0) } ?? "–"
            let at: String = c.worstIndex.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "–"
            return [c.name, shape, scientific(c.meanAbsoluteDifference), scientific(c.normRelativeError), worst, at, c.verdict.rawValue]
        }
        // An interrupted job says so first, and claims only what both runs did.
        var training: [HTMLReport.Block] = interruptionNote(result).map { [.note($0)] } ?? []
        if let differences {
            let weights = differences.weights.map { "final weights: \(scientific($0))" } ?? "final weights not compared: a run was interrupted"
            training.append(.note("Same initial weights, same batches: the numerical and backprop runs differ by at most \(scientific(differences.loss)) in loss and \(scientific(differences.accuracy)) in accuracy (\(weights))."
                                  + (result.interruptedRun == nil ? " At plotting precision the curves are one." : "")))
        }
        training += [.paragraph(trainingSetSentence(trained: result.trainSize, of: result.totalTrainingImages,
                                                    batch: settings.batchSize)),
                     .paragraph(planSummary(result.plan).replacingOccurrences(of: "\n   ", with: " ")), .svg(charts.loss), .svg(charts.accuracy)]
            + (charts.difference.map { [.svg($0)] } ?? []) + [.table(header: epochHeader, rows: epochRows(result))]
        return HTMLReport(
            title: "GradLab: numerical gradients and backprop" + (result.interruptedRun == nil ? "" : " (interrupted)"),
            subtitle: "TwoLayerNet on MNIST, seed \(settings.seed)",
            sections: [
                .init(heading: result.interruptedRun == nil ? "The two training runs coincide" : "The training runs, until interrupted",
                      blocks: training),
                .init(heading: "Gradient check", blocks: [
                    .paragraph(check.description),
                    .paragraph(GradCheckCommand.taylorLine(check).prefix(1).uppercased() + GradCheckCommand.taylorLine(check).dropFirst() + "."),
                    .table(header: ["param", "shape", "mean |a − n|", "norm-rel. error", "worst rel. error", "worst at", "verdict"], rows: checkRows),
                    .paragraph("The worst element is sought among elements above the round-off floor \(scientific(check.report.comparisons.first?.roundOffFloor ?? 0)) = ε·max(|L|, 1)/h / 1e-7: below it, round-off alone could push the relative error out of the good band. Bands: good ≤ 1e-7, acceptable (only with kinks) ≤ 1e-4, suspicious ≤ 1e-2, wrong above."),
                ]),
                .init(heading: "Speed: why the numerical gradient is slow", blocks: [
                    .table(header: ["method", "time", "loss evaluations", "vs backprop"], rows: [
                        ["numerical, full (the book's)", duration(speed.fullSeconds), "\(speed.fullEvaluations)", "\(fixed(speed.fullSeconds / speed.backpropSeconds, 0))×"],
                        MainJobCommand.incrementalRow(speed),
                    ] + MainJobCommand.exactRows(speed)),
                    .paragraph("(partial): each of the incremental method's loss evaluations recomputes only the hidden unit or score its parameter touches."),
                    .paragraph("The full method runs the whole network twice per parameter. The incremental method reuses the cached forward pass and recomputes only the hidden unit or score a parameter touches. Backprop takes that reuse to its end: one forward pass, one backward pass, every gradient at once."),
                ]),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab " + settings.reproduction)]),
            ])
    }
}

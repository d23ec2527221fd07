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
        /// The difference of the two losses per iteration, on a log scale.
        var difference: String
    }

    /// The two runs, named and styled for charts and CSVs.
    static func runs(_ result: Result) -> [TrainingCharts.Run] {
        [TrainingCharts.Run(name: TrainingRun.backprop.name, history: result.backprop, style: .solid),
         TrainingCharts.Run(name: TrainingRun.numerical.name, history: result.numeric, style: .dashed)]
    }

    /// Draws the charts.
    static func charts(_ result: Result) -> Charts {
        let runs = runs(result)
        let (backprop, numeric) = (result.backprop, result.numeric)
        return Charts(
            loss: TrainingCharts.lossChart(runs, title: "Loss: numerical gradient vs backprop").svg(),
            accuracy: TrainingCharts.accuracyChart(runs, title: "Accuracy per epoch: numerical vs backprop").svg(),
            difference: LineChart(
                title: "|loss(numerical) − loss(backprop)| per iteration", xLabel: "iteration", yLabel: "absolute difference",
                series: [ChartSeries(name: "difference", y: zip(numeric.losses, backprop.losses).map { max(abs($0 - $1), 1e-17) }, width: 1.5)],
                yScale: .logarithmic).svg())
    }

    /// The charts, the CSVs and the report, written into `folder`; returns the report's path.
    static func write(_ result: Result, settings: Settings, to folder: OutputFolder) throws -> String {
        let runs = runs(result), charts = charts(result)
        try folder.write(charts.loss, to: "loss.svg")
        try folder.write(charts.accuracy, to: "accuracy.svg")
        try folder.write(charts.difference, to: "loss-difference.svg")
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
        return HTMLReport(
            title: "GradLab: numerical gradients and backprop",
            subtitle: "TwoLayerNet on MNIST, seed \(settings.seed)",
            sections: [
                .init(heading: "The two training runs coincide", blocks: [
                    .note("Same initial weights, same batches: the numerical and backprop runs differ by at most \(scientific(differences.loss)) in loss and \(scientific(differences.accuracy)) in accuracy (final weights: \(scientific(differences.weights))). At plotting precision the curves are one."),
                    .paragraph(planSummary(result.plan).replacingOccurrences(of: "\n   ", with: " ")),
                    .svg(charts.loss),
                    .svg(charts.accuracy),
                    .svg(charts.difference),
                    .table(header: epochHeader, rows: epochRows(result)),
                ]),
                .init(heading: "Gradient check", blocks: [
                    .paragraph(check.description),
                    .table(header: ["param", "shape", "mean |a − n|", "norm-rel. error", "worst rel. error", "worst at", "verdict"], rows: checkRows),
                    .paragraph("The worst element is sought among elements above the round-off floor \(scientific(check.report.comparisons.first?.roundOffFloor ?? 0)) = ε·max(|L|, 1)/h / 1e-7: below it, round-off alone could push the relative error out of the good band. Bands: good ≤ 1e-7, acceptable (only with kinks) ≤ 1e-4, suspicious ≤ 1e-2, wrong above."),
                ]),
                .init(heading: "Speed: why the numerical gradient is slow", blocks: [
                    .table(header: ["method", "time", "loss evaluations", "vs backprop"], rows: [
                        ["numerical, full (the book's)", duration(speed.fullSeconds), "\(speed.fullEvaluations)", "\(fixed(speed.fullSeconds / speed.backpropSeconds, 0))×"],
                        ["numerical, incremental", duration(speed.incrementalSeconds), "\(speed.incrementalEvaluations)", "\(fixed(speed.incrementalSeconds / speed.backpropSeconds, 0))×"],
                    ] + MainJobCommand.exactRows(speed)),
                    .paragraph("The full method runs the whole network twice per parameter. The incremental method reuses the cached forward pass and recomputes only the hidden unit or score a parameter touches. Backprop takes that reuse to its end: one forward pass, one backward pass, every gradient at once."),
                ]),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab " + settings.reproduction)]),
            ])
    }
}

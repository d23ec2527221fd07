import Foundation
import GradLab
import GradLabReports

extension MainJobCommand {
    // MARK: Told as the job runs

    /// The title and the data.
    static func introduction(_ data: LoadedData, settings: Settings) -> String {
        """
        GradLab: numerical gradients and backprop, side by side
        data: \(DataSource.name(of: settings.dataPath)), \(data.mnist.train.count) training and \(data.mnist.test.count) test images, loaded in \(duration(data.loadSeconds))
        \(trainingSetSentence(trained: data.trainingSet.count, of: data.mnist.train.count, batch: settings.batchSize))

        """
    }

    /// Which training images step 3 trains on, and why not all of them: an epoch of the first
    /// 10,000 is 100 iterations, so accuracy is measured every 100 iterations, each time on
    /// 10,000 images rather than 60,000.
    static func trainingSetSentence(trained: Int, of total: Int, batch: Int) -> String {
        let perEpoch = max(1, trained / batch)
        let which = trained == total ? "all \(groupedThousands(total)) training images"
            : "the first \(groupedThousands(trained)) of the \(groupedThousands(total)) training images (--train-size)"
        return "Step 3 trains on \(which): an epoch is then \(groupedThousands(perEpoch)) iterations of \(batch), so accuracy "
            + "is measured every \(groupedThousands(perEpoch)) iterations, each time on \(groupedThousands(trained)) training images"
            + (trained == total ? "." : " rather than \(groupedThousands(total)).")
    }

    /// Step 2: the table of the three gradients' times.
    static func speedSection(_ speed: Speed, data: LoadedData, settings: Settings) -> String {
        "2. One gradient of \(data.inputs)-\(settings.hidden)-10 on a batch of \(settings.batchSize):\n"
            + speedTable(speed.timings)
    }

    /// Time, loss evaluations and ratio to backprop of each method, and how far the two
    /// numerical gradients differ.
    static func speedTable(_ speed: GradientTimings) -> String {
        var table = TextTable(["method", "time", "loss evaluations", "vs backprop"])
        table.add(["numerical, full (the book's)", duration(speed.fullSeconds), "\(speed.fullEvaluations)", "\(fixed(speed.fullSeconds / speed.backpropSeconds, 0))×"])
        table.add(incrementalRow(speed))
        for row in exactRows(speed) { table.add(row) }
        return table.text + "\nfull and incremental numerical gradients differ by at most \(scientific(speed.maxDifference ?? .nan)) (round-off of the central difference)"
    }

    /// The incremental method's row: its loss evaluations are partial (only what a parameter
    /// touches is recomputed).
    static func incrementalRow(_ speed: GradientTimings) -> [String] {
        ["numerical, incremental", duration(speed.incrementalSeconds), "\(speed.incrementalEvaluations) (partial)",
         "\(fixed(speed.incrementalSeconds / speed.backpropSeconds, 0))×"]
    }

    /// The exact gradients' rows: backprop (the fast path the training loop uses), through the
    /// layers, by the tape, by Swift's autodiff where the toolchain has it.
    static func exactRows(_ speed: GradientTimings) -> [[String]] {
        let ratio = { (seconds: Double) in "\(fixed(seconds / speed.backpropSeconds, 1))×" }
        return [["backprop (fast path, used for training)", duration(speed.backpropSeconds), "1 forward + 1 backward", "1×"],
                ["backprop through the layers", duration(speed.layersSeconds), "1 forward + 1 backward", ratio(speed.layersSeconds)],
                ["gradient tape (automatic)", duration(speed.tapeSeconds), "1 forward + 1 playback", ratio(speed.tapeSeconds)]]
            + (speed.autodiffSeconds.map { [["Swift autodiff (valueWithGradient)", duration($0), "1 forward + 1 pullback", ratio($0)]] } ?? [])
    }

    /// Step 3's size, and if it is smaller than asked, why and what the full size would cost.
    static func planSummary(_ plan: Plan) -> String {
        let (inputs, iterations) = (plan.inputs, plan.iterations)
        if plan.fitsAtFullSize {
            return "\(inputs)-\(plan.hidden)-10, \(iterations) iterations (numerical run estimated at \(duration(plan.fullSizeEstimate)))"
        }
        let fullSize = plan.fullSizeSecondsPerGradient
        // The book's recipe is train's default length.
        let bookIterations = TrainCommand.iterations.defaultValue
        return """
            \(inputs)-\(plan.hidden)-10, \(iterations) iterations.
               The full \(inputs)-\(plan.requestedHidden)-10 net needs \(duration(fullSize)) per \(plan.method.rawValue) numerical gradient, \
            so \(iterations) iterations would take about \(duration(plan.fullSizeEstimate)) (the book's \(bookIterations): about \
            \(duration(fullSize * Double(bookIterations)))); hidden size \(plan.hidden) fits the \(duration(plan.budget)) budget \
            (\(duration(plan.secondsPerGradient)) per gradient).
            """
    }

    /// One training run's time and final test accuracy.
    /// A run cut short says so, and which iteration its accuracy is from.
    static func runLine(_ run: TrainingRun, _ history: TrainingHistory) -> String {
        let accuracy = history.epochs.last.map { fixed($0.testAccuracy, 4) } ?? "–"
        return "   \((run.name + ":").padding(toLength: 10, withPad: " ", startingAt: 0)) \(duration(history.seconds)), "
            + "\(RunStatus.accuracyLabel(history)) test accuracy \(accuracy)"
            + (history.outcome == .completed ? "" : " (\(history.outcome.rawValue) after \(RunStatus.iterations(history.losses.count)))")
    }

    /// How far apart the two runs ended.
    static func differencesLine(_ differences: Differences) -> String {
        "   largest difference between the two runs: loss \(scientific(differences.loss)), accuracy \(scientific(differences.accuracy)), "
            + "final weights \(differences.weights.map { scientific($0) } ?? "not compared (a run was interrupted)")"
    }

    /// For a job cut short by Ctrl-C: which run stopped where, and what the numbers below cover.
    static func interruptionNote(_ result: Result) -> String? {
        guard let run = result.interruptedRun else { return nil }
        let done = (run == .backprop ? result.backprop : result.numeric ?? result.backprop).losses.count
        let planned = result.plan.iterations
        return "Interrupted (Ctrl-C) in the \(run.name) run after \(groupedThousands(done)) of \(RunStatus.iterations(planned))"
            + (run == .backprop ? "; the numerical run was not started" : "")
            + ". The curves and numbers here are those recorded until then"
            + (run == .numerical ? ", and the two runs are compared over the iterations both did." : ".")
    }

    // MARK: Told at the end

    /// The `--json` object.
    static func json(_ result: Result, settings: Settings, report: String, totalSeconds: Double) -> JSON {
        let (speed, plan, backprop, numeric) = (result.speed.timings, result.plan, result.backprop, result.numeric)
        let differences = result.differences
        return JSON.object([
            ("outcome", .string(result.interruptedRun == nil ? TrainingOutcome.completed.rawValue : TrainingOutcome.interrupted.rawValue)),
            ("interruptedRun", result.interruptedRun.map { .string($0.name) } ?? .null),
            ("numericSeconds", .number(speed.fullSeconds)),
            ("incrementalNumericSeconds", .number(speed.incrementalSeconds)),
            ("backpropSeconds", .number(speed.backpropSeconds)),
            ("speedRatio", .number(speed.fullSeconds / speed.backpropSeconds)),
            ("maxLossDifference", differences.map { .number($0.loss) } ?? .null),
            ("maxAccuracyDifference", differences.map { .number($0.accuracy) } ?? .null),
            ("maxWeightDifference", differences?.weights.map { .number($0) } ?? .null),
            ("gradientCheck", .array(result.check.report.comparisons.map { GradCheckCommand.comparisonJSON($0) })),
            ("training", .object([
                ("inputSize", .integer(result.inputs)), ("hiddenSize", .integer(plan.hidden)), ("outputSize", 10),
                ("iterations", .integer(settings.iterations)), ("batchSize", .integer(settings.batchSize)),
                ("trainSize", .integer(result.trainSize)),
                ("numericMethod", .string(settings.method.rawValue)),
                ("backpropSeconds", .number(backprop.seconds)), ("numericSeconds", numeric.map { .number($0.seconds) } ?? .null),
                ("backpropIterationsDone", .integer(backprop.losses.count)),
                ("numericIterationsDone", .integer(numeric?.losses.count ?? 0)),
                ("finalTestAccuracyBackprop", .number(backprop.epochs.last?.testAccuracy ?? .nan)),
                ("finalTestAccuracyNumeric", .number(numeric?.epochs.last?.testAccuracy ?? .nan)),
                ("estimatedFullSizeSeconds", .number(plan.fullSizeEstimate)),
            ])),
            ("totalSeconds", .number(totalSeconds)),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: both loss curves in one text chart, the accuracies side by side, the
    /// total time and the report.
    static func finalText(_ result: Result, report: String, totalSeconds: Double) -> String {
        let series = runs(result).map { run in
            let smoothed = TrainingCharts.centredMovingAverage(run.history.losses)
            return ChartSeries(name: run.name, x: smoothed.x, y: smoothed.y)
        }
        // "Coincide" is a finding of two whole runs; an interrupted job does not claim it.
        let chart = TextChart.render(series: series, width: 64, height: 12,
                                     title: "mini-batch loss (smoothed)" + (result.interruptedRun == nil ? ": the two curves coincide" : ""))
        var table = TextTable(epochHeader)
        // At most about a dozen rows on the terminal; the report has them all.
        let rows = epochRows(result)
        let step = max(1, (rows.count + 9) / 10)
        for (index, row) in rows.enumerated() where index % step == 0 || index == rows.count - 1 {
            table.add(row)
        }
        return chart + "\n"
            + table.text + (step > 1 ? "\n(every \(step)th evaluation; all are in the report)" : "") + "\n\n"
            + (interruptionNote(result).map { $0 + "\n" } ?? "")
            + "\(result.interruptedRun == nil ? "done" : "stopped") in \(duration(totalSeconds)); report: \(report)\n"
    }

    /// The columns of the accuracy table.
    static let epochHeader = ["iteration", "train (backprop)", "train (numerical)", "test (backprop)", "test (numerical)"]

    /// One row per evaluation: the two runs' train and test accuracy side by side.
    /// A run that stopped early leaves "–" where it measured nothing.
    static func epochRows(_ result: Result) -> [[String]] {
        let numeric = result.numeric?.epochs ?? []
        return result.backprop.epochs.enumerated().map { index, b in
            let n = index < numeric.count ? numeric[index] : nil
            return ["\(b.iteration)", fixed(b.trainAccuracy, 4), n.map { fixed($0.trainAccuracy, 4) } ?? "–",
                    fixed(b.testAccuracy, 4), n.map { fixed($0.testAccuracy, 4) } ?? "–"]
        }
    }
}

import GradLab
import GradLabReports

extension TrainCommand {
    /// One line: the network, the optimizer, the batch, the iterations, the gradients, the seed.
    static func description(_ setup: Setup) -> String {
        let configuration = setup.configuration
        return """
            network "\(setup.specification)" (\(groupedThousands(setup.network.parameterCount)) parameters), \
            \(configuration.optimizer.rawValue) η = \(configuration.effectiveLearningRate), \
            batch \(configuration.batchSize) (\(configuration.sampling.rawValue)), \
            \(configuration.iterations) iterations (\(setup.iterationsPerEpoch) per epoch), \
            gradients: \(setup.source.name), seed \(configuration.seed)
            """
    }

    /// What is about to be trained, on what data, and the heading of the epoch lines; the
    /// network's summary too, except with `--json`.
    static func header(_ setup: Setup, settings: Settings) -> String {
        var lines = ["Training " + description(setup),
                     "data: \(DataSource.name(of: settings.dataPath)), \(setup.trainingSet.count) training and \(setup.testSet.count) test images (loaded in \(duration(setup.loadSeconds)))"]
        if !settings.json { lines.append("\n" + setup.network.summary(inputSize: setup.trainingSet.pixelsPerImage)) }
        lines += ["", "epoch  iteration  train acc  test acc"]
        return lines.joined(separator: "\n")
    }

    /// One evaluation, under the header's columns; the epoch as ``TrainingCharts/epochLabel(iteration:iterationsPerEpoch:)``
    /// says it.
    static func epochLine(_ record: EpochRecord, iterationsPerEpoch: Int) -> String {
        let epoch = TrainingCharts.epochLabel(iteration: record.iteration, iterationsPerEpoch: iterationsPerEpoch)
        return "\(epoch.leftPadded(5))  \(String(record.iteration).leftPadded(9))  \(fixed(record.trainAccuracy, 4).leftPadded(9))  \(fixed(record.testAccuracy, 4).leftPadded(8))"
    }

    /// A warning if the loss ended no lower than it began, else `nil`.
    ///
    /// That is the usual sign of a learning rate too large: with the log-sum-exp loss it rarely
    /// becomes NaN, the network just stops learning.
    static func warning(_ result: Result) -> String? {
        let losses = result.history.losses
        let window = max(1, min(50, losses.count / 10))
        let last = losses.suffix(window).reduce(0, +) / Double(window)
        guard losses.count >= 20, let first = losses.first, last >= first else { return nil }
        return "warning: the loss did not fall (first batch \(fixed(first, 3)), mean of the last \(window) \(fixed(last, 3))); the learning rate (\(result.setup.configuration.effectiveLearningRate)) may be too large"
    }

    /// The CSVs, the charts and the report, written into `folder`; returns the report's path.
    static func write(_ result: Result, settings: Settings, to folder: OutputFolder) throws -> String {
        let history = result.history
        let run = TrainingCharts.Run(name: result.setup.source.name, history: history)
        let lossSVG = TrainingCharts.lossChart([run]).svg()
        let accuracySVG = TrainingCharts.accuracyChart([run]).svg()
        try folder.write(TrainingCharts.lossCSV([run]), to: "loss.csv")
        try folder.write(TrainingCharts.epochCSV([run]), to: "accuracy.csv")
        try folder.write(lossSVG, to: "loss.svg")
        try folder.write(accuracySVG, to: "accuracy.svg")
        let table = TrainingCharts.epochTable(history, iterationsPerEpoch: result.setup.iterationsPerEpoch)
        let final = history.epochs.last, label = RunStatus.accuracyLabel(history)
        let planned = result.setup.configuration.iterations
        let status = RunStatus.note(history, planned: planned, divergence: result.divergence)
        let report = HTMLReport(title: "GradLab: training run" + (status == nil ? "" : " (\(history.outcome.rawValue))"),
                                subtitle: description(result.setup), sections: [
            .init(heading: "Result", blocks: (status.map { [HTMLReport.Block.note($0)] } ?? []) + [
                .keyValues([("iterations", history.outcome == .completed ? groupedThousands(planned)
                                : "\(groupedThousands(history.losses.count)) of \(groupedThousands(planned)) (\(history.outcome.rawValue))"),
                            ("\(label) train accuracy", final.map { fixed($0.trainAccuracy, 4) } ?? "–"),
                            ("\(label) test accuracy", final.map { fixed($0.testAccuracy, 4) } ?? "–"),
                            ("training time", duration(history.seconds)),
                            ("evaluation", history.evaluationSeconds > 0 ? duration(history.evaluationSeconds) + " on a second thread, alongside training" : "in line, included in the training time"),
                            ("last mini-batch loss", history.losses.last.map { fixed($0, 4) } ?? "–")]),
            ]),
            .init(heading: "Curves", blocks: [.svg(lossSVG), .svg(accuracySVG)]),
            .init(heading: "Accuracy per epoch", blocks: [.table(header: table.header, rows: table.rows)]),
            .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab train " + settings.reproduction)]),
        ])
        return try folder.write(report.render(), to: "index.html")
    }

    /// The `--json` object.
    static func json(_ result: Result, report: String) -> JSON {
        let (setup, history) = (result.setup, result.history)
        let final = history.epochs.last
        return JSON.object([
            ("network", .string(setup.specification)),
            ("parameterCount", .integer(setup.network.parameterCount)),
            ("gradientSource", .string(setup.source.name)),
            ("finalTrainAccuracy", final.map { .number($0.trainAccuracy) } ?? .null),
            ("finalTestAccuracy", final.map { .number($0.testAccuracy) } ?? .null),
            ("seconds", .number(history.seconds)),
            ("evaluationSeconds", .number(history.evaluationSeconds)),
            ("iterations", .integer(setup.configuration.iterations)),
            ("finalLoss", history.losses.last.map { .number($0) } ?? .null),
            ("peakResidentBytes", .integer(result.peakResidentBytes)),
            ("epochs", TrainingCharts.epochsJSON(history)),
            ("report", .string(report)),
        ] + RunStatus.json(history, divergence: result.divergence))
    }

    /// For the terminal, after the epoch lines: the loss chart and the final accuracies.
    static func text(_ result: Result, report: String) -> String {
        let history = result.history
        let final = history.epochs.last
        let smoothed = TrainingCharts.centredMovingAverage(history.losses)
        let evaluations = history.evaluationSeconds > 0
            ? " (evaluations: \(duration(history.evaluationSeconds)) on a second thread, alongside)" : ""
        return "\n"
            + TextChart.render(series: [ChartSeries(name: "loss (smoothed)", x: smoothed.x, y: smoothed.y)],
                               width: 64, height: 10, title: "mini-batch loss")
            + "\n\(RunStatus.accuracyLabel(history)): train accuracy \(final.map { fixed($0.trainAccuracy, 4) } ?? "–"), test accuracy \(final.map { fixed($0.testAccuracy, 4) } ?? "–"), \(duration(history.seconds))\(evaluations)\n"
            + "report: \(report)\n"
    }
}

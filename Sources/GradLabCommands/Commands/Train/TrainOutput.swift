import GradLab
import GradLabReports

extension TrainCommand {
    /// One line: the network, the optimizer, the batch, the iterations, the gradients, the seed.
    static func description(_ setup: Setup) -> String {
        let configuration = setup.configuration
        return """
            network "\(setup.specification)" (\(groupedThousands(setup.network.parameterCount)) parameters), \
            \(extras(setup).map { $0 + ", " } ?? "")\
            \(configuration.optimizer.rawValue) η = \(configuration.effectiveLearningRate), \
            batch \(configuration.batchSize) (\(configuration.sampling.rawValue)), \
            \(configuration.iterations) iterations (\(setup.iterationsPerEpoch) per epoch), \
            gradients: \(setup.source.name), seed \(configuration.seed)
            """
    }

    /// The choices beyond the book's recipe, in words, or nil when there are none: the loss,
    /// the weight penalty, clipping, validation, augmentation.
    static func extras(_ setup: Setup) -> String? {
        let (network, configuration) = (setup.network, setup.configuration)
        var parts: [String] = []
        if let kind = LossKind(network.lossLayer), kind != .crossEntropy { parts.append("loss \(kind.rawValue)") }
        if network.weightDecay.l2 > 0 { parts.append("weight decay λ = \(network.weightDecay.l2)") }
        if network.weightDecay.l1 > 0 { parts.append("L1 λ = \(network.weightDecay.l1)") }
        switch configuration.clipping {
        case let .value(c)?: parts.append("gradients clipped to ±\(c)")
        case let .norm(c)?: parts.append("each gradient tensor clipped to norm \(c)")
        case let .globalNorm(c)?: parts.append("gradient clipped to global norm \(c)")
        case nil: break
        }
        if let validation = setup.validationSet {
            var text = "validation on the last \(groupedThousands(validation.count)) training images"
            if configuration.validationFrequency > 1 { text += " every \(configuration.validationFrequency) epochs" }
            if let patience = configuration.earlyStoppingPatience { text += ", early stopping after \(patience) without improvement" }
            parts.append(text)
        }
        if case let .shift(pixels)? = configuration.augmentation { parts.append("images shifted by up to \(pixels) pixels") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// With early stopping, a line on the network kept: its epoch, validation loss and accuracies.
    static func keptText(_ history: TrainingHistory) -> String {
        guard let best = history.bestValidation, let kept = history.keptNetworkEvaluation else { return "" }
        return "\nearly stopping kept the weights after epoch \(best.epoch) (validation loss \(fixed(best.loss, 4))): "
            + "train accuracy \(fixed(kept.trainAccuracy, 4)), test accuracy \(fixed(kept.testAccuracy, 4))"
    }

    /// One validation, under the epoch lines: "validation after epoch 3: loss 0.1234, accuracy 0.9650".
    static func validationLine(_ record: ValidationRecord) -> String {
        "   validation after epoch \(record.epoch) (iteration \(record.iteration)): loss \(fixed(record.loss, 4)), accuracy \(fixed(record.accuracy, 4))"
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
        let gradientNormSVG = TrainingCharts.gradientNormChart(run, clipping: result.setup.configuration.clipping).svg()
        try folder.write(gradientNormSVG, to: "gradient-norm.svg")
        var curves: [HTMLReport.Block] = [.svg(lossSVG), .svg(accuracySVG), .svg(gradientNormSVG)]
        if !history.validation.isEmpty {
            try folder.write(TrainingCharts.validationCSV(history), to: "validation.csv")
            let validationSVG = TrainingCharts.validationLossChart(run).svg()
            try folder.write(validationSVG, to: "validation.svg")
            curves.append(.svg(validationSVG))
        }
        var pictures: [HTMLReport.Block] = []
        if let made = ConvolutionPictures.make(untrained: result.setup.network, trained: history.network,
                                               image: result.setup.testSet.images(at: [0]), label: result.setup.testSet.labels(at: [0])[0]) {
            for (file, picture, caption) in made {
                try folder.write(picture.png(), to: file)
                pictures.append(.image(picture, caption: caption))
            }
        }
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
            .init(heading: "Curves", blocks: curves),
        ] + pictureSection(pictures) + [

            .init(heading: "Accuracy per epoch", blocks: [.table(header: table.header, rows: table.rows)]),
        ] + (history.validation.isEmpty ? [] : [
            .init(heading: "Validation", blocks: (history.bestValidation.map { _ in
                [HTMLReport.Block.note(String(keptText(history).dropFirst()))]
            } ?? []) + [.table(header: ["epoch", "iteration", "validation loss", "validation accuracy"],
                               rows: history.validation.map { ["\($0.epoch)", "\($0.iteration)", fixed($0.loss, 4), fixed($0.accuracy, 4)] })]),
        ]) + [
            .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab train " + settings.reproduction)]),
        ])
        return try folder.write(report.render(), to: "index.html")
    }

    /// The pictures of a convolutional network's first layer as a section, or none.
    static func pictureSection(_ pictures: [HTMLReport.Block]) -> [HTMLReport.Section] {
        pictures.isEmpty ? [] : [.init(heading: "What the first convolution learned", blocks: pictures)]
    }

    /// The `--json` object; with `--checkpoint`, the checkpoint file and the iteration it holds.
    static func json(_ result: Result, report: String, checkpoint writer: CheckpointWriter? = nil) -> JSON {
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
            ("loss", .string(LossKind(setup.network.lossLayer)?.rawValue ?? setup.network.lossLayer.summaryName)),
            ("weightDecay", .number(setup.network.weightDecay.l2)),
            ("l1", .number(setup.network.weightDecay.l1)),
            ("gradientNorm", TrainingCharts.gradientNormJSON(history)),
            ("validation", .array(history.validation.map { record in
                .object([("epoch", .integer(record.epoch)), ("iteration", .integer(record.iteration)),
                         ("loss", .number(record.loss)), ("accuracy", .number(record.accuracy))])
            })),
            ("bestValidationEpoch", history.bestValidation.map { .integer($0.epoch) } ?? .null),
            ("keptTrainAccuracy", history.keptNetworkEvaluation.map { .number($0.trainAccuracy) } ?? .null),
            ("keptTestAccuracy", history.keptNetworkEvaluation.map { .number($0.testAccuracy) } ?? .null),
            ("report", .string(report)),
            ("checkpoint", writer.map { .string($0.file) } ?? .null),
            ("checkpointIteration", writer?.lastWritten.map { .integer($0) } ?? .null),
            ("resumedFromIteration", setup.start.map { .integer($0.iterationsDone) } ?? .null),
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
            + keptText(history)
            + "\n\(RunStatus.accuracyLabel(history)): train accuracy \(final.map { fixed($0.trainAccuracy, 4) } ?? "–"), test accuracy \(final.map { fixed($0.testAccuracy, 4) } ?? "–"), \(duration(history.seconds))\(evaluations)\n"
            + "report: \(report)\n"
    }
}

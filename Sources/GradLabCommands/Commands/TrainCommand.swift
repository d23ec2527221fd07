import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// `gradlab train`: the book's training recipe, every choice an option.
enum TrainCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "train",
        abstract: "Train a network on MNIST (the book's TwoLayerNet recipe by default, or any --network).",
        discussion: """
            The defaults are the book's chapter 4 recipe: 784-50-10 with a sigmoid hidden layer, \
            batch 100 sampled with replacement, SGD with learning rate 0.1, 10000 iterations, train \
            and test accuracy once per epoch (600 iterations). Writes loss and accuracy CSVs, SVG \
            charts and index.html to --out.

            --network trains any stack of layers instead, e.g. "affine 512, relu, affine 10" \
            (layers: affine N, sigmoid, relu, leaky-relu, tanh, and those registered in exercises/). \
            By default the book's network trains on the fast path (a fused two-layer step) and every \
            other network by backprop through the layers; --gradient chooses.
            """,
        options: [
            .value("iterations", "N", help: "Mini-batch updates.", default: "10000"),
            .value("epochs", "N", help: "Train for N epochs instead (iterations = N × iterations per epoch)."),
            .value("batch", "N", help: "Samples per mini-batch.", default: "100"),
            .value("learning-rate", "RATE", help: "Step size.", default: "the optimizer's: sgd 0.1, momentum/adagrad 0.01, rmsprop/adam 0.001"),
            .value("network", "SPEC", help: "The layers, e.g. \"affine 512, relu, affine 10\" (instead of --hidden and --activation)."),
            .value("hidden", "N", help: "Hidden units of the book's network.", default: "50"),
            .value("activation", "NAME", help: "Hidden activation of the book's network.", default: "sigmoid",
                   allowed: HiddenActivation.allCases.map(\.rawValue)),
            .value("optimizer", "NAME", help: "Update rule.", default: "sgd", allowed: OptimizerKind.allCases.map(\.rawValue)),
            .value("sampler", "NAME", help: "replacement (the book's np.random.choice) or shuffle (every sample once per epoch); by default replacement with --iterations, shuffle with --epochs.",
                   allowed: SamplingMethod.allCases.map(\.rawValue)),
            .value("init", "NAME", help: "Initial weights: book (σ = 0.01), xavier (σ = 1/√n) or he (σ = √(2/n)).",
                   default: "book", allowed: ["book", "xavier", "he"]),
            .value("gradient", "NAME", help: "fast (the fused two-layer step), layers (backprop through the layers), tape (automatic differentiation), autodiff (Swift's own, where the toolchain has it), or numerical (slow: two loss evaluations per parameter); by default fast where it applies, else layers.",
                   allowed: GradientChoice.allCases.map(\.rawValue)),
            .value("numeric-method", "NAME", help: "With --gradient numerical: incremental or full (the book's).",
                   default: "incremental", allowed: NumericalMethod.allCases.map(\.rawValue)),
            .value("train-size", "N", help: "Use only the first N training images.", default: "all"),
            DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = arguments.isSet("json")
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab train …`")
        #endif
        let hidden = try arguments.int("hidden", default: 50, range: 1...100_000)
        let activation = try arguments.choice("activation", default: HiddenActivation.sigmoid)
        let optimizer = try arguments.choice("optimizer", default: OptimizerKind.sgd)
        // An epoch, Keras-style, is one pass over the data in a fresh order; the book's recipe
        // counts iterations and samples with replacement.
        let sampler = try arguments.choice("sampler", default: arguments.string("epochs") == nil ? SamplingMethod.replacement : .shuffle)
        let batch = try arguments.int("batch", default: 100, range: 1...1_000_000)
        let seed = try CommonOptions.seed(arguments)
        let learningRate = try arguments.string("learning-rate").map { _ in
            try arguments.double("learning-rate", default: 0.1, range: 0...Double.greatestFiniteMagnitude)
        }
        let initialization: WeightInitialization
        switch arguments.string("init") ?? "book" {
        case "xavier": initialization = .xavier
        case "he": initialization = .he
        default: initialization = .book
        }
        let gradientChoice = try arguments.string("gradient").map { _ in try arguments.choice("gradient", default: GradientChoice.layers) }
        let numericMethod = try arguments.choice("numeric-method", default: NumericalMethod.incremental)
        if arguments.string("network") != nil {
            for shorthand in ["hidden", "activation"] where arguments.string(shorthand) != nil {
                throw CommandError("give --network or --\(shorthand), not both (--hidden and --activation describe the book's network)")
            }
        }

        let (loaded, loadSeconds) = try Stopwatch.time { try DataSource.load(arguments) }
        var trainingSet = loaded.train
        if arguments.string("train-size") != nil {
            let size = try arguments.int("train-size", default: trainingSet.count, range: 1...trainingSet.count)
            trainingSet = trainingSet.subset(0..<size)
        }
        guard batch <= trainingSet.count || sampler == .replacement else {
            throw CommandError("--batch \(batch) is larger than the training set (\(trainingSet.count) images)")
        }
        var configuration = TrainingConfiguration(batchSize: batch, optimizer: optimizer, learningRate: learningRate,
                                                  sampling: sampler, seed: seed)
        let perEpoch = BatchSampler(method: sampler, sampleCount: trainingSet.count, batchSize: batch, seed: 0).iterationsPerEpoch
        if arguments.string("epochs") != nil {
            guard arguments.string("iterations") == nil else {
                throw CommandError("give --iterations or --epochs, not both")
            }
            configuration.iterations = try arguments.int("epochs", default: 1, range: 1...1_000_000) * perEpoch
        } else {
            configuration.iterations = try arguments.int("iterations", default: 10_000, range: 1...100_000_000)
        }
        let specification = arguments.string("network")
            ?? "affine \(hidden), \(activation.rawValue), affine \(LabeledImages.classCount)"
        let network: Sequential
        do {
            network = try Sequential(specification: specification, inputSize: trainingSet.pixelsPerImage,
                                     outputSize: LabeledImages.classCount, kinds: LayerCatalog.all,
                                     initialization: initialization, seed: seed)
        } catch {
            throw CommandError("--\(error.description)")
        }
        let source = try GradientChoice.source(gradientChoice, for: network, method: numericMethod, trainingSet: trainingSet,
                                               testSet: loaded.test, evaluates: configuration.evaluatesEachEpoch)

        let describe = """
            network "\(specification)" (\(groupedThousands(network.parameterCount)) parameters), \(optimizer.rawValue) \
            η = \(configuration.effectiveLearningRate), batch \(batch) (\(sampler.rawValue)), \
            \(configuration.iterations) iterations (\(perEpoch) per epoch), gradients: \(source.name), seed \(seed)
            """
        let say: (String) -> Void = json ? { console.errorLine($0) } : { console.line($0) }
        say("Training " + describe)
        say("data: \(DataSource.name(arguments)), \(trainingSet.count) training and \(loaded.test.count) test images (loaded in \(duration(loadSeconds)))")
        if !json { say("\n" + network.summary(inputSize: trainingSet.pixelsPerImage)) }
        say("")
        say("epoch  iteration  train acc  test acc")
        var progress = ProgressBar(total: configuration.iterations, label: "training", console: console)
        var runningLoss = Double.nan
        var epoch = 0
        let history = try train(network, on: trainingSet, testSet: loaded.test, configuration: configuration, using: source) { event in
            switch event {
            case let .iteration(iteration, loss):
                runningLoss = runningLoss.isNaN ? loss : 0.98 * runningLoss + 0.02 * loss
                progress.update(iteration + 1, detail: "loss \(fixed(runningLoss, 4))")
            case let .evaluation(record):
                progress.finish()
                say("\(String(epoch).leftPadded(5))  \(String(record.iteration).leftPadded(9))  \(fixed(record.trainAccuracy, 4).leftPadded(9))  \(fixed(record.testAccuracy, 4).leftPadded(8))")
                epoch += 1
            }
        }
        progress.finish()
        // A loss that ends higher than it began is the usual sign of a learning rate too large
        // (with the log-sum-exp loss it rarely becomes NaN: the network just stops learning).
        let window = max(1, min(50, history.losses.count / 10))
        let last = history.losses.suffix(window).reduce(0, +) / Double(window)
        if history.losses.count >= 20, let first = history.losses.first, last >= first {
            console.errorLine("warning: the loss did not fall (first batch \(fixed(first, 3)), mean of the last \(window) \(fixed(last, 3))); the learning rate (\(configuration.effectiveLearningRate)) may be too large")
        }

        let run = TrainingCharts.Run(name: source.name, history: history)
        let folder = try CommonOptions.outputFolder(arguments)
        let lossSVG = TrainingCharts.lossChart([run]).svg()
        let accuracySVG = TrainingCharts.accuracyChart([run]).svg()
        try folder.write(TrainingCharts.lossCSV([run]), to: "loss.csv")
        try folder.write(TrainingCharts.epochCSV([run]), to: "accuracy.csv")
        try folder.write(lossSVG, to: "loss.svg")
        try folder.write(accuracySVG, to: "accuracy.svg")
        let table = TrainingCharts.epochTable(history)
        let final = history.epochs.last
        let report = HTMLReport(title: "GradLab: training run", subtitle: describe, sections: [
            .init(heading: "Result", blocks: [
                .keyValues([("final train accuracy", final.map { fixed($0.trainAccuracy, 4) } ?? "–"),
                            ("final test accuracy", final.map { fixed($0.testAccuracy, 4) } ?? "–"),
                            ("training time", duration(history.seconds)),
                            ("evaluation", history.evaluationSeconds > 0 ? duration(history.evaluationSeconds) + " on a second thread, alongside training" : "in line, included in the training time"),
                            ("final mini-batch loss", history.losses.last.map { fixed($0, 4) } ?? "–")]),
            ]),
            .init(heading: "Curves", blocks: [.svg(lossSVG), .svg(accuracySVG)]),
            .init(heading: "Accuracy per epoch", blocks: [.table(header: table.header, rows: table.rows)]),
            .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab train " + arguments.reproductionArguments)]),
        ])
        let reportPath = try folder.write(report.render(), to: "index.html")

        if json {
            console.line(JSON.object([
                ("network", .string(specification)),
                ("parameterCount", .integer(network.parameterCount)),
                ("gradientSource", .string(source.name)),
                ("finalTrainAccuracy", final.map { .number($0.trainAccuracy) } ?? .null),
                ("finalTestAccuracy", final.map { .number($0.testAccuracy) } ?? .null),
                ("seconds", .number(history.seconds)),
                ("evaluationSeconds", .number(history.evaluationSeconds)),
                ("iterations", .integer(configuration.iterations)),
                ("finalLoss", history.losses.last.map { .number($0) } ?? .null),
                ("peakResidentBytes", .integer(peakResidentBytes())),
                ("epochs", TrainingCharts.epochsJSON(history)),
                ("report", .string(reportPath)),
            ]).text)
        } else {
            console.line()
            let smoothed = TrainingCharts.centredMovingAverage(history.losses)
            console.write(TextChart.render(series: [ChartSeries(name: "loss (smoothed)", x: smoothed.x, y: smoothed.y)],
                                           width: 64, height: 10, title: "mini-batch loss"))
            console.line()
            console.line("final: train accuracy \(final.map { fixed($0.trainAccuracy, 4) } ?? "–"), test accuracy \(final.map { fixed($0.testAccuracy, 4) } ?? "–"), \(duration(history.seconds))" + (history.evaluationSeconds > 0 ? " (evaluations: \(duration(history.evaluationSeconds)) on a second thread, alongside)" : ""))
            console.line("report: \(reportPath)")
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

extension ParsedArguments {
    /// The options as given, ready to paste after the command name.
    var reproductionArguments: String {
        command.options.compactMap { option in
            if option.isFlag { return isSet(option.name) && option.name != "json" ? "--\(option.name)" : nil }
            return string(option.name).map { "--\(option.name) \($0)" }
        }.joined(separator: " ")
    }
}

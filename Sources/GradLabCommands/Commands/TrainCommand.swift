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
            iterations, epochs, batch, learningRate, network, hidden, activation, optimizer, sampler,
            initialization, gradient, numericMethod, trainSize,
            DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let iterations = Option<Int>("iterations", "N", help: "Mini-batch updates.", default: 10_000, range: 1...100_000_000)
    static let epochs = Option<Int?>("epochs", "N", help: "Train for N epochs instead (iterations = N × iterations per epoch).",
                                     range: 1...1_000_000, example: 1)
    static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.", default: 100, range: 1...1_000_000)
    static let learningRate = Option<Double?>("learning-rate", "RATE", help: "Step size.",
                                              range: 0...Double.greatestFiniteMagnitude, example: 0.1,
                                              defaultDescription: "the optimizer's: " + optimizerDefaultRates)
    static let network = Option<String?>("network", "SPEC", help: "The layers, e.g. \"affine 512, relu, affine 10\" (instead of --hidden and --activation).")
    static let hidden = Option<Int>("hidden", "N", help: "Hidden units of the book's network.", default: 50, range: 1...100_000)
    static let activation = Option<HiddenActivation>("activation", "NAME", help: "Hidden activation of the book's network.", default: .sigmoid)
    static let optimizer = Option<OptimizerKind>("optimizer", "NAME", help: "Update rule.", default: .sgd)
    static let sampler = Option<SamplingMethod?>("sampler", "NAME", help: "replacement (the book's np.random.choice) or shuffle (every sample once per epoch); by default replacement with --iterations, shuffle with --epochs.")
    static let initialization = Option<WeightInitialization>(
        "init", "NAME", help: "Initial weights: book (σ = 0.01), xavier (σ = 1/√n) or he (σ = √(2/n)).",
        choices: [("book", .book), ("xavier", .xavier), ("he", .he)], default: .book)
    static let gradient = Option<GradientChoice?>("gradient", "NAME", help: "fast (the fused two-layer step), layers (backprop through the layers), or numerical (slow: two loss evaluations per parameter); by default fast where it applies, else layers.")
    static let numericMethod = Option<NumericalMethod>("numeric-method", "NAME", help: "With --gradient numerical: incremental or full (the book's).",
                                                       default: .incremental)
    /// Its upper bound is the size of the training set, known once the data is loaded.
    static let trainSize = Option<Int?>("train-size", "N", help: "Use only the first N training images.", example: 10_000,
                                        defaultDescription: "all")

    /// "sgd 0.1, momentum/adagrad 0.01, rmsprop/adam 0.001": the library's default rates, the
    /// optimizers that share one named together, for help.
    static var optimizerDefaultRates: String {
        var groups: [(names: [String], rate: Double)] = []
        for kind in OptimizerKind.allCases {
            if let index = groups.firstIndex(where: { $0.rate == kind.defaultLearningRate }) {
                groups[index].names.append(kind.rawValue)
            } else {
                groups.append(([kind.rawValue], kind.defaultLearningRate))
            }
        }
        return groups.map { $0.names.joined(separator: "/") + " \($0.rate)" }.joined(separator: ", ")
    }

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab train …`")
        #endif
        let hidden = try arguments[Self.hidden]
        let activation = try arguments[Self.activation]
        let optimizer = try arguments[Self.optimizer]
        let epochs = try arguments[Self.epochs]
        // An epoch, Keras-style, is one pass over the data in a fresh order; the book's recipe
        // counts iterations and samples with replacement.
        let sampler = try arguments[Self.sampler] ?? (epochs == nil ? .replacement : .shuffle)
        let batch = try arguments[Self.batch]
        let seed = try arguments[CommonOptions.seed]
        let learningRate = try arguments[Self.learningRate]
        let initialization = try arguments[Self.initialization]
        let gradientChoice = try arguments[Self.gradient]
        let numericMethod = try arguments[Self.numericMethod]
        let networkSpecification = try arguments[Self.network]
        let requestedSize = try arguments[Self.trainSize]
        let dataPath = try arguments[DataSource.option]
        if networkSpecification != nil {
            for shorthand: any OptionDeclaration in [Self.hidden, Self.activation] where arguments.wasGiven(shorthand) {
                throw CommandError("give --network or --\(shorthand.definition.name), not both (--hidden and --activation describe the book's network)")
            }
        }

        let (loaded, loadSeconds) = try Stopwatch.time { try DataSource.load(from: dataPath) }
        var trainingSet = loaded.train
        if let size = requestedSize {
            guard (1...trainingSet.count).contains(size) else {
                throw ArgumentError(.outOfRange(option: Self.trainSize.name, value: String(size), lowerBound: "1",
                                                upperBound: String(trainingSet.count), example: String(trainingSet.count)),
                                    command: definition.name)
            }
            trainingSet = trainingSet.subset(0..<size)
        }
        guard batch <= trainingSet.count || sampler == .replacement else {
            throw CommandError("--batch \(batch) is larger than the training set (\(trainingSet.count) images)")
        }
        var configuration = TrainingConfiguration(batchSize: batch, optimizer: optimizer, learningRate: learningRate,
                                                  sampling: sampler, seed: seed)
        let perEpoch = BatchSampler(method: sampler, sampleCount: trainingSet.count, batchSize: batch, seed: 0).iterationsPerEpoch
        if let epochs {
            guard !arguments.wasGiven(Self.iterations) else {
                throw CommandError("give --iterations or --epochs, not both")
            }
            configuration.iterations = epochs * perEpoch
        } else {
            configuration.iterations = try arguments[Self.iterations]
        }
        let specification = networkSpecification
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
        say("data: \(DataSource.name(of: dataPath)), \(trainingSet.count) training and \(loaded.test.count) test images (loaded in \(duration(loadSeconds)))")
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
            if option.isFlag {
                return flags.contains(option.name) && option.name != CommonOptions.json.name ? "--\(option.name)" : nil
            }
            return values[option.name].map { "--\(option.name) \($0)" }
        }.joined(separator: " ")
    }
}

import GradLab
import GradLabData

/// `gradlab depth`: how the gradient reaches each layer of a deep network on MNIST, and what
/// BatchNorm and skip connections change.
enum DepthCommand: RunnableCommand {
    static let hiddenLayers = Option<Int>("hidden-layers", "N", help: "Hidden layers of every network.", default: 10, range: 1...100)
    static let width = Option<Int>("width", "N", help: "Units per hidden layer.", default: 100, range: 1...2000)
    static let iterations = Option<Int>("iterations", "N", help: "SGD steps of each run.", default: 300, range: 1...100_000)
    static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.", default: 100, range: 1...10_000)
    static let learningRate = Option<Double>("learning-rate", "RATE", help: "SGD's step size.", default: 0.01, range: 1e-9...10)
    static let probe = Option<Int>("probe", "N", help: "Training images of the fixed batch the gradient norms are measured on.",
                                   default: 1000, range: 1...60_000)
    static let trainSize = Option<Int?>("train-size", "N", help: "Train on the first N training images only.", range: 1...1_000_000,
                                        example: 10_000, defaultDescription: "all")
    static let testSize = Option<Int?>("test-size", "N", help: "Measure test accuracy on the first N test images only.",
                                       range: 1...1_000_000, example: 1000, defaultDescription: "all")

    static let definition = CommandDefinition(
        name: "depth",
        abstract: "Gradients through depth on MNIST: ‖∂L/∂W‖ of every layer, vanishing and how to stop it.",
        discussion: """
            Builds six networks of 10 hidden layers of 100 units: the sigmoid with the book's \
            σ = 0.01 and ReLU with He's σ = √(2/n), each plain, with BatchNorm after every affine \
            layer, and with a skip connection around every hidden layer after the first. For each \
            it measures ‖∂L/∂Wℓ‖ of every layer on a fixed batch of training images, at \
            initialization and after 300 SGD steps (η = 0.01, batch 100), and prints the ratio of \
            the first hidden layer's norm to the last hidden layer's: where the gradient vanishes, it is many \
            orders of magnitude below 1. Then the training curves side by side.
            """,
        options: [hiddenLayers, width, iterations, batch, learningRate, probe, trainSize, testSize,
                  DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out])

    /// Reads the options, loads the data, runs the six trainings with a progress bar, writes the
    /// charts, CSV and report, prints the tables and charts or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let hiddenLayers = try arguments[Self.hiddenLayers], width = try arguments[Self.width]
        let iterations = try arguments[Self.iterations], batch = try arguments[Self.batch]
        let learningRate = try arguments[Self.learningRate], probe = try arguments[Self.probe]
        let trainSize = try arguments[Self.trainSize], testSize = try arguments[Self.testSize]
        let common = try CommonSettings(arguments)
        let (dataPath, seed, json) = (common.dataPath, common.seed, common.json)
        let folder = try OutputFolder(path: common.out)

        let data = try DataSource.load(from: dataPath)
        let trainingSet = try trainSize.map { try StudySupport.first($0, of: data.train, option: Self.trainSize.name, command: definition.name) } ?? data.train
        let testSet = try testSize.map { try StudySupport.first($0, of: data.test, option: Self.testSize.name, command: definition.name) } ?? data.test
        for (option, value) in [(Self.probe.name, probe), (Self.batch.name, batch)] where value > trainingSet.count {
            throw CommandError("--\(option) \(value) is larger than the training set (\(trainingSet.count) images); give at most --\(option) \(trainingSet.count)")
        }
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab depth …`")
        #endif
        var progress = StudySupport.Progress(runs: DepthStudy.standardVariants.count, iterationsPerRun: iterations,
                                             label: "training", console: console)
        let study = DepthStudy(trainingSet: trainingSet, testSet: testSet, hiddenLayers: hiddenLayers, width: width,
                               iterations: iterations, batchSize: batch, learningRate: learningRate, probeSize: probe,
                               seed: seed) { progress.update($0, $1) }
        progress.bar.finish()

        let report = try write(study, reproduction: arguments.reproductionArguments, data: DataSource.name(of: dataPath), to: folder)
        if json {
            console.line(self.json(study, report: report).text)
        } else {
            console.write(text(study, report: report, folder: folder))
        }
    }
}

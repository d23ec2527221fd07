import GradLab
import GradLabData

/// `gradlab batchnorm`: the book's section 6.3 experiment. The same network with and without
/// BatchNorm, from initial weights of 16 scales: which ones learn.
enum BatchNormCommand: RunnableCommand {
    static let trainSize = Option<Int>("train-size", "N", help: "Learn from the first N training images.", default: 1000, range: 1...1_000_000)
    static let hiddenLayers = Option<Int>("hidden-layers", "N", help: "Hidden layers of ReLU units.", default: 5, range: 1...100)
    static let width = Option<Int>("width", "N", help: "Units per hidden layer.", default: 100, range: 1...2000)
    static let epochs = Option<Int>("epochs", "N", help: "Accuracy measurements, once per epoch; the book's loop then runs (N − 1) epochs + 1 step.",
                                    default: 20, range: 1...100_000)
    static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.", default: 100, range: 1...10_000)
    static let learningRate = Option<Double>("learning-rate", "RATE", help: "SGD's step size.", default: 0.01, range: 1e-9...10)
    static let scales = Option<Int>("scales", "N", help: "Initial weight scales σ, log-spaced from 1 to 1e-4.", default: 16, range: 1...100)

    static let definition = CommandDefinition(
        name: "batchnorm",
        abstract: "BatchNorm against the initial weight scale (the book's 6.3): final training accuracy with and without.",
        discussion: """
            For 16 weight scales σ from 1 to 1e-4 (log-spaced, numpy's logspace(0, -4, 16)), trains \
            5 hidden layers of 100 ReLU units on the first 1000 training images for 20 epochs \
            (SGD η = 0.01, batch 100, as the book's batch_norm_test.py), once plain and once with \
            BatchNorm after every hidden affine layer, from the same weights on the same batches. \
            Accuracy is measured on the 1000 training images, as in the book.
            """,
        options: [trainSize, hiddenLayers, width, epochs, batch, learningRate, scales,
                  DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out])

    /// Reads the options, loads the data, runs the trainings with a progress bar, writes the
    /// charts, CSV and report, prints the table and chart or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let trainSize = try arguments[Self.trainSize]
        let hiddenLayers = try arguments[Self.hiddenLayers], width = try arguments[Self.width]
        let schedule = BookSchedule(epochs: try arguments[Self.epochs], batchSize: try arguments[Self.batch],
                                    learningRate: try arguments[Self.learningRate])
        let scaleCount = try arguments[Self.scales]
        let common = try CommonSettings(arguments)
        let (dataPath, seed, json) = (common.dataPath, common.seed, common.json)
        let folder = try OutputFolder(path: common.out)

        let data = try DataSource.load(from: dataPath)
        let trainingSet = try StudySupport.first(trainSize, of: data.train, option: Self.trainSize.name, command: definition.name)
        guard schedule.batchSize <= trainingSet.count else {
            throw CommandError("--batch \(schedule.batchSize) is larger than the training set (\(trainingSet.count) images); give at most --batch \(trainingSet.count)")
        }
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab batchnorm …`")
        #endif
        let weightScales = BatchNormStudy.logSpaced(from: 0, to: -4, count: scaleCount)
        var progress = StudySupport.Progress(runs: 2 * scaleCount, iterationsPerRun: schedule.iterations(trainSize: trainSize),
                                             label: "training", console: console)
        let study = BatchNormStudy(trainingSet: trainingSet, trainSize: trainSize, hiddenLayers: hiddenLayers, width: width,
                                   schedule: schedule, weightScales: weightScales, seed: seed) { progress.update($0, $1) }
        progress.bar.finish()

        let report = try write(study, reproduction: arguments.reproductionArguments, data: DataSource.name(of: dataPath), to: folder)
        if json {
            console.line(self.json(study, report: report).text)
        } else {
            console.write(text(study, report: report, folder: folder))
        }
    }
}

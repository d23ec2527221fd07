import GradLab
import GradLabData

/// `gradlab overfitting`: the book's section 6.4 experiments. A deep network learns 300 images by
/// heart; weight decay and dropout narrow the gap between train and test accuracy.
enum OverfittingCommand: RunnableCommand {
    static let trainSize = Option<Int>("train-size", "N", help: "Learn from the first N training images.", default: 300, range: 1...1_000_000)
    static let testSize = Option<Int>("test-size", "N", help: "Test images measured each epoch (the first N); the final accuracies use the whole test set.",
                                      default: 2000, range: 1...1_000_000)
    static let hiddenLayers = Option<Int>("hidden-layers", "N", help: "Hidden layers of 100 ReLU units (He's weights).", default: 6, range: 1...100)
    static let width = Option<Int>("width", "N", help: "Units per hidden layer.", default: 100, range: 1...2000)
    static let epochs = Option<Int>("epochs", "N", help: "Accuracy measurements, once per epoch; the book's loop then runs (N − 1) epochs + 1 step.",
                                    default: 201, range: 1...100_000)
    static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.", default: 100, range: 1...10_000)
    static let learningRate = Option<Double>("learning-rate", "RATE", help: "SGD's step size.", default: 0.01, range: 1e-9...10)
    static let weightDecay = Option<Double>("weight-decay", "LAMBDA", help: "λ of the weight-decay run, L = L₀ + ½λΣW².", default: 0.1, range: 0...1000)
    static let dropout = Option<Double>("dropout", "P", help: "Drop rate of the dropout run (0 ≤ P < 1).", default: 0.2, range: 0...0.999)

    static let definition = CommandDefinition(
        name: "overfitting",
        abstract: "Overfitting, weight decay and dropout (the book's 6.4): train and test accuracy, and the gap.",
        discussion: """
            Trains 6 hidden layers of 100 ReLU units (He's weights) on the first 300 training \
            images for 201 epochs (SGD η = 0.01, batch 100, sampled with replacement, as the book's \
            overfit_weight_decay.py): plain, with weight decay λ = 0.1, and with dropout 0.2 after \
            every hidden ReLU, all three from the same initial weights on the same batches. \
            Accuracy is measured on the 300 images and on the first 2,000 test images after the \
            first step and once per epoch (the book measures all 10,000 each epoch, five times the \
            cost; --test-size 10000 does so), and at the end on the whole test set; the gap at the \
            end is train − test, on the whole test set.
            """,
        options: [trainSize, testSize, hiddenLayers, width, epochs, batch, learningRate, weightDecay, dropout,
                  DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out])

    /// Reads the options, loads the data, runs the three trainings with a progress bar, writes
    /// the charts, CSV and report, prints the table and chart or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let trainSize = try arguments[Self.trainSize], testSize = try arguments[Self.testSize]
        let hiddenLayers = try arguments[Self.hiddenLayers], width = try arguments[Self.width]
        let schedule = BookSchedule(epochs: try arguments[Self.epochs], batchSize: try arguments[Self.batch],
                                    learningRate: try arguments[Self.learningRate])
        let lambda = try arguments[Self.weightDecay], rate = try arguments[Self.dropout]
        let common = try CommonSettings(arguments)
        let (dataPath, seed, json) = (common.dataPath, common.seed, common.json)
        let folder = try OutputFolder(path: common.out)

        let data = try DataSource.load(from: dataPath)
        let trainingSet = try StudySupport.first(trainSize, of: data.train, option: Self.trainSize.name, command: definition.name)
        let testSet = data.test
        // The default asks for 2,000; a smaller test set (another --data) is then measured whole.
        let curveTestSize = arguments.wasGiven(Self.testSize)
            ? try StudySupport.first(testSize, of: testSet, option: Self.testSize.name, command: definition.name).count
            : min(testSize, testSet.count)
        guard schedule.batchSize <= trainingSet.count else {
            throw CommandError("--batch \(schedule.batchSize) is larger than the training set (\(trainingSet.count) images); give at most --batch \(trainingSet.count)")
        }
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab overfitting …`")
        #endif
        var progress = StudySupport.Progress(runs: 3, iterationsPerRun: schedule.iterations(trainSize: trainSize),
                                             label: "training", console: console)
        let study = OverfittingStudy(trainingSet: trainingSet, testSet: testSet, curveTestSize: curveTestSize, trainSize: trainSize, hiddenLayers: hiddenLayers,
                                     width: width, schedule: schedule, weightDecay: lambda, dropoutRate: rate, seed: seed) {
            progress.update($0, $1)
        }
        progress.bar.finish()

        let report = try write(study, testImages: testSet.count, reproduction: arguments.reproductionArguments,
                               data: DataSource.name(of: dataPath), to: folder)
        if json {
            console.line(self.json(study, testImages: testSet.count, report: report).text)
        } else {
            console.write(text(study, testImages: testSet.count, report: report, folder: folder))
        }
    }
}

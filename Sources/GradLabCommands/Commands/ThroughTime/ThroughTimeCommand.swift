import GradLab
import GradLabData

/// `gradlab through-time`: how the gradient travels back through the steps of a recurrent
/// network, when it vanishes and when it explodes, and what an LSTM and clipping change.
enum ThroughTimeCommand: RunnableCommand {
    static let steps = Option<Int>("steps", "T", help: "Time steps of every sequence.", default: 50, range: 2...1000)
    static let hidden = Option<Int>("hidden", "H", help: "Hidden units of every recurrent network.", default: 32, range: 1...512)
    static let iterations = Option<Int>("iterations", "N", help: "SGD steps of each exploding training run.", default: 300, range: 1...100_000)
    static let learningRate = Option<Double>("learning-rate", "RATE", help: "SGD's step size in the exploding runs.", default: 0.5, range: 1e-9...10)
    static let singularValue = Option<Double>("singular-value", "S", help: "σ_max of Wh at the start of the exploding runs.", default: 1.5, range: 0.01...100)
    static let clip = Option<Double>("clip", "C", help: "The global norm the clipped run is limited to.", default: 1, range: 1e-6...1e6)
    static let trainSize = Option<Int>("train-size", "N", help: "Train the exploding runs on the first N training images.", default: 5000, range: 1...1_000_000)
    static let testSize = Option<Int>("test-size", "N", help: "Measure test accuracy on the first N test images.", default: 1000, range: 1...1_000_000)
    static let skipTraining = Option<Bool>(flag: "no-training", help: "Only the gradient norms through time: no MNIST, no training runs.")

    static let definition = CommandDefinition(
        name: "through-time",
        abstract: "Gradients through time: ‖∂L/∂hₜ‖ back from T = 50 in RNNs and LSTMs, vanishing, exploding, clipped.",
        discussion: """
            For simple RNNs whose recurrent weights Wh are a random orthogonal matrix scaled to a \
            largest singular value σ_max of 0.5, 0.9, 1, 1.5 and 3 (measured by power iteration), \
            the norm of the gradient ‖∂L/∂hₜ‖ at every step t back from the last, beside Pascanu, \
            Mikolov and Bengio's bound (γ·σ_max)^(T−t), γ = 1 for tanh and 1/4 for the sigmoid; \
            with ordinary inputs (tanh saturates) and small ones (the network is nearly linear); \
            for the sigmoid; and for LSTMs whose forget gate starts at bias 0, 1 and 3, whose \
            cell path carries the gradient. Then an RNN with σ_max(Wh) = 1.5 trained on MNIST read \
            by rows with plain SGD (η = 0.5), without and with clipping by global norm 1: the loss \
            and the gradient norm of every step.
            """,
        options: [steps, hidden, iterations, learningRate, singularValue, clip, trainSize, testSize, skipTraining,
                  DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out])

    /// Reads the options, measures the norms, trains the two runs with a progress bar, writes
    /// the charts, CSV and report, prints the tables and charts or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let steps = try arguments[Self.steps], hidden = try arguments[Self.hidden]
        let exploding = ThroughTimeStudy.ExplodingRun(hidden: hidden, singularValue: try arguments[Self.singularValue],
                                                      iterations: try arguments[Self.iterations],
                                                      learningRate: try arguments[Self.learningRate], clipNorm: try arguments[Self.clip])
        let common = try CommonSettings(arguments)
        let folder = try OutputFolder(path: common.out)
        var data: (train: LabeledImages, test: LabeledImages)?
        if try !arguments[Self.skipTraining] {
            let loaded = try DataSource.load(from: common.dataPath)
            let trainingSet = try StudySupport.first(try arguments[Self.trainSize], of: loaded.train, option: Self.trainSize.name,
                                                     command: definition.name)
            let testSet = try StudySupport.first(try arguments[Self.testSize], of: loaded.test, option: Self.testSize.name,
                                                 command: definition.name)
            guard exploding.batchSize <= trainingSet.count else {
                throw CommandError("--train-size \(trainingSet.count) is smaller than a batch of \(exploding.batchSize); give at least --train-size \(exploding.batchSize)")
            }
            data = (trainingSet, testSet)
        }
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab through-time …`")
        #endif
        var progress = StudySupport.Progress(runs: data == nil ? 0 : 2, iterationsPerRun: exploding.iterations,
                                             label: "training", console: console)
        let study = ThroughTimeStudy(steps: steps, hidden: hidden, seed: common.seed, trainingSet: data?.train, testSet: data?.test,
                                     training: exploding) { progress.update($0, $1) }
        progress.bar.finish()

        let report = try write(study, reproduction: arguments.reproductionArguments, data: DataSource.name(of: common.dataPath), to: folder)
        if common.json {
            console.line(json(study, report: report).text)
        } else {
            console.write(text(study, report: report, folder: folder))
        }
    }
}

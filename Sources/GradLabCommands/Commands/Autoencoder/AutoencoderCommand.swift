import Foundation
import GradLab
import GradLabData

/// `gradlab autoencoder`: a network trained to rebuild its input through a short code (the
/// seeds' TensorFlow notes §10), plain or denoising, beside the PCA of the same code size.
enum AutoencoderCommand: RunnableCommand {
    static let encoder = Option<String>("encoder", "SPEC", help: "The encoder's layers, from the image to the code.",
                                        default: Autoencoder.seedsEncoder)
    static let decoder = Option<String>("decoder", "SPEC", help: "The decoder's layers, from the code to one output per pixel.",
                                        default: Autoencoder.seedsDecoder)
    static let loss = Option<LossKind>("loss", "NAME", help: "binary-cross-entropy (sigmoid with binary cross-entropy on the pixels in [0, 1]) or mse (mean squared error of the outputs).",
                                       choices: [("binary-cross-entropy", .binaryCrossEntropy), ("mse", .meanSquaredError)],
                                       default: .binaryCrossEntropy)
    static let noise = Option<Double>("noise", "SIGMA", help: "Add Gaussian noise of standard deviation SIGMA to every input pixel, clipped to [0, 1], and rebuild the clean image (a denoising autoencoder).",
                                      default: 0, range: 0...10)
    static let epochs = Option<Int>("epochs", "N", help: "Passes over the training images.", default: 10, range: 1...10_000)
    static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.", default: 128, range: 1...1_000_000)
    static let optimizer = Option<OptimizerKind>("optimizer", "NAME", help: "Update rule.", default: .adam)
    static let learningRate = Option<Double>("learning-rate", "RATE", help: "Step size.", default: 0.001, range: 1e-9...10)
    static let gradient = Option<GradientChoice>("gradient", "NAME", help: "layers (backprop through the layers), tape (automatic differentiation) or numerical (slow: two losses per weight; for tiny networks).",
                                                 choices: [("layers", .layers), ("tape", .tape), ("numerical", .numerical)], default: .layers)
    static let trainSize = Option<Int?>("train-size", "N", help: "Train on the first N training images only.", range: 1...1_000_000,
                                        example: 10_000, defaultDescription: "all")
    static let testSize = Option<Int?>("test-size", "N", help: "Measure on the first N test images only.", range: 1...1_000_000,
                                       example: 1000, defaultDescription: "all")
    static let save = Option<String?>("save", "FILE", help: "Save the trained autoencoder (encoder and decoder as one network) to FILE in safetensors format.")

    static let definition = CommandDefinition(
        name: "autoencoder",
        abstract: "Train an autoencoder (the label is the input itself), plain or denoising, beside PCA.",
        discussion: """
            The defaults are the seeds' network (TF notes §10): encoder "affine 256, relu, affine 128, \
            relu, affine 20", decoder "affine 128, relu, affine 256, relu, affine 784", sigmoid with \
            binary cross-entropy on the pixels, Adam with learning rate 0.001, batch 128, 10 epochs, He \
            initialization. After every epoch it prints the loss on the whole test set against the clean \
            images; at the end, the PCA of the same code size (power iteration in the core) measured on the \
            same inputs with the same loss. --noise 0.4 trains a denoising autoencoder. With a 2-number code \
            (--encoder "…, affine 2") the report plots every test image's code, coloured by its digit.
            """,
        options: [encoder, decoder, loss, noise, epochs, batch, optimizer, learningRate, gradient, trainSize, testSize, save,
                  DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out])

    /// Reads the options, builds the autoencoder (refusing a decoder that does not rebuild the
    /// image, warning of an encoder that does not shrink), trains it with a line per epoch, then
    /// writes the report and prints the table or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let common = try CommonSettings(arguments)
        let (encoder, decoder) = (try arguments[Self.encoder], try arguments[Self.decoder])
        let loss = try arguments[Self.loss], noise = try arguments[Self.noise]
        let epochs = try arguments[Self.epochs], batch = try arguments[Self.batch]
        let choice = try arguments[Self.gradient]
        let save = try arguments[Self.save]
        if let save { try OutputFolder.checkSaveDestination(save) }
        let say: (String) -> Void = common.json ? { console.errorLine($0) } : { console.line($0) }

        let data = try DataSource.load(from: common.dataPath)
        let trainingSet = try arguments[Self.trainSize].map { try StudySupport.first($0, of: data.train, option: Self.trainSize.name, command: definition.name) } ?? data.train
        let testSet = try arguments[Self.testSize].map { try StudySupport.first($0, of: data.test, option: Self.testSize.name, command: definition.name) } ?? data.test
        let autoencoder: Autoencoder
        do {
            autoencoder = try Autoencoder(encoder: encoder, decoder: decoder, imageSize: trainingSet.pixelsPerImage,
                                          loss: loss, kinds: LayerCatalog.all, seed: common.seed)
        } catch {
            throw UsageError("--encoder/--decoder: \(error.description)")
        }
        if !autoencoder.shrinks {
            console.errorLine("warning: the encoder's code has \(autoencoder.codeSize) numbers, no fewer than the image's \(autoencoder.imageSize) pixels: "
                              + "the autoencoder can learn to copy its input and learn nothing about the images; end --encoder with a smaller layer, e.g. 'affine 20'")
        }
        let source = try GradientChoice.source(choice, for: autoencoder.network, method: .full, trainingSet: trainingSet,
                                               testSet: testSet, evaluates: false)
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab autoencoder …`")
        #endif
        var configuration = TrainingConfiguration(batchSize: batch, optimizer: try arguments[Self.optimizer],
                                                  learningRate: try arguments[Self.learningRate], sampling: .shuffle,
                                                  seed: common.seed, shouldStop: console.shouldStop)
        configuration.iterations = epochs * BatchSampler(method: .shuffle, sampleCount: trainingSet.count, batchSize: batch, seed: 0).iterationsPerEpoch
        say("autoencoder \(trainingSet.pixelsPerImage) → \(autoencoder.codeSize) → \(trainingSet.pixelsPerImage) on \(DataSource.name(of: common.dataPath)): "
            + "\(loss.rawValue), \(configuration.optimizer.rawValue) η = \(configuration.effectiveLearningRate), batch \(batch), \(epochs) epochs"
            + (noise > 0 ? ", inputs with Gaussian noise σ = \(noise) (test loss against the clean images)" : ""))

        var progress = ProgressBar(total: configuration.iterations, label: "training", console: console)
        var stepLosses: [Double] = []
        let clock = ContinuousClock(), start = clock.now
        let study: AutoencoderStudy
        do {
            study = try AutoencoderStudy(autoencoder, trainingSet: trainingSet, testSet: testSet, configuration: configuration,
                                         noise: noise, source: source,
                                         // PCA with as many components as pixels rebuilds every image exactly.
                                         baseline: autoencoder.shrinks) { event in
                switch event {
                case let .iteration(iteration, loss):
                    stepLosses.append(loss)
                    progress.update(iteration + 1, detail: "loss \(fixed(loss, 4))")
                case let .validation(record):
                    progress.finish()
                    let trainLoss = stepLosses.reduce(0, +) / Double(max(stepLosses.count, 1))
                    stepLosses = []
                    say("epoch \(record.epoch): train loss \(fixed(trainLoss, 5)), test loss \(fixed(record.loss, 5))")
                case .evaluation: break
                }
            }
        } catch TrainingError.diverged(let divergence) {
            progress.finish()
            throw CommandError("\(divergence)\ntry a smaller --learning-rate, e.g. --learning-rate \(divergence.learningRate / 10)")
        }
        progress.finish()
        let seconds = (clock.now - start) / .seconds(1)
        let folder = try OutputFolder(path: common.out)
        let report = try write(study, noise: noise, data: DataSource.name(of: common.dataPath),
                               reproduction: arguments.reproductionArguments, to: folder)
        if let save {
            let model = ModelFile(network: study.autoencoder.network, specification: study.autoencoder.encoder + ", " + study.autoencoder.decoder,
                                  inputSize: autoencoder.imageSize, outputSize: autoencoder.imageSize)
            try model.safetensors().write(to: URL(fileURLWithPath: save))
            say("model saved to \(save)")
        }
        console.line(common.json ? json(study, noise: noise, seconds: seconds, report: report).text
                                 : text(study, seconds: seconds, report: report))
        if study.history.outcome == .interrupted {
            throw CommandInterrupted("interrupted after \(study.epochs.count) of \(epochs) epochs; the report so far is in \(report)")
        }
    }
}

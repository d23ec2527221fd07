import Foundation
import GradLabData

/// A training run's whole state in one safetensors file, to continue the run exactly after it
/// stopped: Keras's `BackupAndRestore`, PyTorch's `torch.save({"model": …, "optimizer": …})`.
///
/// ```
/// tensors
///   W1, b1, …, running_mean1, …       the network, named as in a model file (ModelFile)
///   optimizer.<slot>.<parameter>      the optimizer's slots: optimizer.velocity.W1, optimizer.m.W1, …
///   sampler.order                     this epoch's order of the training images (empty with replacement)
///   sampler.next_batch                the indices of the next iteration's batch, drawn ahead
///   history.losses                    one per iteration done
///   history.gradient_norms            one per iteration done
///   history.epochs                    k × 3: iteration, train accuracy, test accuracy
///   history.validation                k × 4: epoch, iteration, loss, accuracy
///   best.W1, …                        with early stopping: the best validation's network
/// __metadata__ (strings)
///   gradlab.format "checkpoint 1", and the model's entries: network, input_size, output_size, loss, …
///   iterations_done, seconds, evaluation_seconds
///   network.generators                each Dropout's generator state, in layer order ("1234,5678")
///   optimizer                         its kind ("adam"), then optimizer.<number>: optimizer.learning_rate, optimizer.step, …
///   sampler.method, sampler.sample_count, sampler.batch_size, sampler.generator, sampler.position
///   augmentation.generator
///   best.epoch, best.iteration, best.loss, best.accuracy, best.generators, validations_without_improvement
///   run.<key>                         the caller's own entries (`metadata`): the CLI keeps its options there
/// ```
///
/// Every number is kept exactly: tensors in float64, metadata numbers in Swift's shortest form
/// that reads back to the same `Double`, generator states as whole numbers. Reading checks
/// everything against everything else (shapes against the network, the order against the
/// sample count, the curves against the iterations done) and names the file and the problem,
/// so a damaged or hand-edited checkpoint is an error, never a crash or a silently different run.
///
/// ``write(toDirectory:)`` writes the file whole (temporary name, then rename): a crash during a
/// write leaves the previous checkpoint as it was.
public struct TrainingCheckpoint: Sendable {
    /// Where the run is.
    public var state: TrainingState
    /// The network's description, as `Sequential(specification:…)` reads it.
    public var specification: String
    /// Features per sample.
    public var inputSize: Int
    /// Outputs of the last layer.
    public var outputSize: Int
    /// The caller's own entries, kept as strings (written as `run.<key>`): what the caller needs
    /// to set the run up again, such as the command-line options.
    public var metadata: [String: String]

    /// The value of `gradlab.format` this version writes and reads.
    public static let formatVersion = "checkpoint 1"
    /// The file's name in a checkpoint folder.
    public static let fileName = "checkpoint.safetensors"
    /// The prefixes of the tensors that are not the network's.
    static let statePrefixes = ["optimizer.", "sampler.", "history.", "best."]

    /// Creates a checkpoint of `state`, whose network `specification` describes.
    ///
    /// - Precondition: the network's loss layer has a `LossKind` name, and the optimizer an
    ///   `OptimizerKind` (a file could not name any other).
    public init(state: TrainingState, specification: String, inputSize: Int, outputSize: Int, metadata: [String: String] = [:]) {
        precondition(OptimizerKind(state.optimizer) != nil, "TrainingCheckpoint: the optimizer \(type(of: state.optimizer)) has no OptimizerKind name")
        self.state = state
        self.specification = specification
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.metadata = metadata
    }

    // MARK: Writing

    /// The checkpoint as a safetensors file, every tensor in float64.
    public func safetensors() -> Safetensors {
        var file = ModelFile(network: state.network, specification: specification, inputSize: inputSize, outputSize: outputSize)
            .safetensors(dtype: .f64)
        func entry(_ name: String, _ shape: [Int], _ scalars: [Double]) -> Safetensors.Entry {
            Safetensors.Entry(name: name, dtype: .f64, shape: shape, scalars: scalars)
        }
        func set(_ key: String, _ value: some LosslessStringConvertible) { file.metadata[key] = String(value) }

        set("gradlab.format", Self.formatVersion)
        set("iterations_done", state.iterationsDone)
        set("seconds", state.seconds)
        set("evaluation_seconds", state.evaluationSeconds)
        set("network.generators", Self.generatorList(state.network.generators))

        let optimizer = state.optimizer.state
        set("optimizer", OptimizerKind(state.optimizer)?.rawValue ?? "")
        for (key, value) in optimizer.numbers { set("optimizer." + key, value) }
        for (slot, tensors) in optimizer.slots.sorted(by: { $0.key < $1.key }) {
            for (parameter, tensor) in tensors.sorted(by: { $0.key < $1.key }) {
                file.entries.append(entry("optimizer.\(slot).\(parameter)", tensor.shape, tensor.scalars))
            }
        }

        let sampler = state.sampler
        set("sampler.method", sampler.method.rawValue)
        set("sampler.sample_count", sampler.sampleCount)
        set("sampler.batch_size", sampler.batchSize)
        set("sampler.generator", sampler.generator.state)
        set("sampler.position", sampler.position)
        file.entries.append(entry("sampler.order", [sampler.order.count], sampler.order.map(Double.init)))
        file.entries.append(entry("sampler.next_batch", [state.nextBatch.count], state.nextBatch.map(Double.init)))
        set("augmentation.generator", state.augmentationGenerator.state)

        file.entries.append(entry("history.losses", [state.losses.count], state.losses))
        file.entries.append(entry("history.gradient_norms", [state.gradientNorms.count], state.gradientNorms))
        file.entries.append(entry("history.epochs", [state.epochs.count, 3], state.epochs.flatMap {
            [Double($0.iteration), $0.trainAccuracy, $0.testAccuracy]
        }))
        file.entries.append(entry("history.validation", [state.validation.count, 4], state.validation.flatMap {
            [Double($0.epoch), Double($0.iteration), $0.loss, $0.accuracy]
        }))

        set("validations_without_improvement", state.validationsWithoutImprovement)
        if let best = state.best {
            set("best.epoch", best.record.epoch)
            set("best.iteration", best.record.iteration)
            set("best.loss", best.record.loss)
            set("best.accuracy", best.record.accuracy)
            set("best.generators", Self.generatorList(best.network.generators))
            file.entries += best.network.weightsFile(dtype: .f64).entries.map { entry("best." + $0.name, $0.shape, $0.scalars) }
        }
        for (key, value) in metadata { set("run." + key, value) }
        return file
    }

    /// Generator states as text: "1234,5678" (empty for none).
    static func generatorList(_ generators: [SplitMix64]) -> String {
        generators.map { String($0.state) }.joined(separator: ",")
    }

    /// Writes the checkpoint into `directory` as ``fileName``, whole: under a temporary name in
    /// the same folder first, synchronised to the disk, then renamed over the previous one.
    ///
    /// - Throws: ``DataError`` naming the file if it cannot be written; the previous checkpoint
    ///   is then untouched.
    public func write(toDirectory directory: URL) throws(DataError) {
        try safetensors().write(to: directory.appendingPathComponent(Self.fileName))
    }

    // MARK: Reading

    /// Reads the checkpoint in `directory`.
    ///
    /// - Parameter kinds: The layer names the network's description may use.
    /// - Throws: ``DataError`` naming the file's path if there is none, it cannot be read, or it
    ///   is not a whole and consistent checkpoint (see ``init(_:name:kinds:)``).
    public static func load(fromDirectory directory: URL, kinds: [LayerKind] = LayerKind.standard) throws(DataError) -> TrainingCheckpoint {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(file: url.path, problem: "no such file: \(directory.path) holds no checkpoint")
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw DataError(file: url.path, problem: "cannot read it: \(error.localizedDescription)")
        }
        return try TrainingCheckpoint(Safetensors(bytes: bytes, name: url.path), name: url.path, kinds: kinds)
    }
}

import Foundation
import GradLab
import GradLabData

extension TrainCommand {
    /// The options that change only where a run's results go, not what it computes: a resumed
    /// run may give them anew. Every other option is the run's own, recorded in its checkpoints.
    static let sessionOptions: Set<String> = [
        CommonOptions.out.name, CommonOptions.json.name, save.name, checkpoint.name, checkpointEvery.name, resume.name,
    ]

    /// The metadata entries a checkpoint records for a run of `arguments` (kept as `run.…` in
    /// the file): every run option given, as typed (`option.batch` = "100"; "" for a flag) but
    /// for `--data`, made absolute so that the run resumes from any folder; and the training
    /// images' identity (`data`).
    static func recordedRun(_ arguments: ParsedArguments, trainingSet: LabeledImages) -> [String: String] {
        var recorded = ["data": dataIdentity(trainingSet)]
        for option in definition.options where !sessionOptions.contains(option.name) {
            if let value = given(option, in: arguments) { recorded["option." + option.name] = value }
        }
        return recorded
    }

    /// The value of `option` in `arguments` as a checkpoint records it ("" for a flag given),
    /// or nil if it was not given.
    static func given(_ option: OptionDefinition, in arguments: ParsedArguments) -> String? {
        if option.isFlag { return arguments.flags.contains(option.name) ? "" : nil }
        guard let value = arguments.values[option.name] else { return nil }
        return option.name == DataSource.option.name ? URL(fileURLWithPath: value).standardizedFileURL.path : value
    }

    /// The training images as a checkpoint knows them: how many, and a CRC-32 of their labels,
    /// so that a run is not resumed on other data by mistake.
    static func dataIdentity(_ images: LabeledImages) -> String {
        "\(images.count) images, labels CRC-32 " + String(CRC32.checksum(images.labels), radix: 16)
    }

    /// The arguments a resumed run runs with: the run options its checkpoint recorded, and the
    /// session options of this command line (`--out`, `--json`, `--save`, `--checkpoint`,
    /// `--checkpoint-every`, `--resume`).
    ///
    /// - Throws: ``UsageError`` for a run option given here otherwise than the checkpoint's run
    ///   gave it (a resumed run cannot change its network, batch, length, …); `CommandError`
    ///   for an option the checkpoint records that this gradlab does not know.
    static func resumedArguments(_ given: ParsedArguments, checkpoint: TrainingCheckpoint, file: String) throws -> ParsedArguments {
        let recorded = checkpoint.metadata.filter { $0.key.hasPrefix("option.") }
        if let unknown = recorded.keys.map({ String($0.dropFirst("option.".count)) }).sorted()
            .first(where: { name in !definition.options.contains { $0.name == name } || sessionOptions.contains(name) }) {
            throw CommandError("\(file): the checkpoint records the option --\(unknown), which this gradlab train does not take")
        }
        var words: [String] = []
        for option in definition.options {
            let name = option.name
            let now = Self.given(option, in: given)
            let before = sessionOptions.contains(name) ? now : recorded["option." + name]
            if let now, now != before {
                let had = before.map { option.isFlag ? "--\(name)" : "--\(name) \(shellWord($0))" } ?? "no --\(name)"
                throw UsageError("--resume continues the run with the options it started with, and it had \(had) "
                                 + "(\(file)); leave --\(name) out, or start a new run without --resume")
            }
            if let before { words.append(option.isFlag ? "--\(name)" : "--\(name)=\(before)") }
        }
        return try ArgumentParser.parse(words, for: definition, programName: given.programName)
    }

    /// Puts the checkpoint's state into `setup`, after checking that it continues this very run.
    ///
    /// - Throws: `CommandError` naming the file if the checkpoint's network, training images or
    ///   state do not fit the run its options describe (a damaged or edited checkpoint).
    static func resume(_ setup: inout Setup, from checkpoint: TrainingCheckpoint, file: String) throws {
        guard checkpoint.specification == setup.specification, checkpoint.inputSize == setup.trainingSet.pixelsPerImage else {
            throw CommandError("\(file): the checkpoint's network \"\(checkpoint.specification)\" (\(checkpoint.inputSize) inputs) is not "
                               + "the network its options describe, \"\(setup.specification)\" (\(setup.trainingSet.pixelsPerImage) inputs)")
        }
        let data = dataIdentity(setup.trainingSet)
        guard checkpoint.metadata["data"] == data else {
            throw CommandError("\(file): the run trained on \(checkpoint.metadata["data"] ?? "unrecorded data"), but these training images are "
                               + "\(data); resume it on the same data (--data, --train-size and --validation-split as it had them)")
        }
        if let problem = checkpoint.state.problem(with: setup.configuration, trainingSetCount: setup.trainingSet.count) {
            throw CommandError("\(file): the checkpoint does not continue the run its options describe: \(problem)")
        }
        setup.start = checkpoint.state
    }
}

/// Writes the checkpoints of one `train --checkpoint DIR` run, and remembers the first failure,
/// which stops the run (the trainer's `shouldStop` asks ``hasFailed``): a run that can no longer
/// be kept should not go on for hours as if it could.
final class CheckpointWriter: @unchecked Sendable {
    /// The folder.
    let directory: URL
    private let make: @Sendable (TrainingState) -> TrainingCheckpoint
    private let lock = NSLock()
    private var failure: DataError?
    private var lastIteration: Int?

    /// A writer into `directory` (created if missing) of checkpoints made by `make`.
    ///
    /// - Throws: `CommandError` if the folder cannot be created.
    init(directory path: String, make: @escaping @Sendable (TrainingState) -> TrainingCheckpoint) throws {
        directory = URL(fileURLWithPath: path)
        self.make = make
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError("--checkpoint '\(path)': cannot create the folder: \(error.localizedDescription)")
        }
    }

    /// The checkpoint file's path.
    var file: String { directory.appendingPathComponent(TrainingCheckpoint.fileName).path }

    /// Writes `state` as the folder's checkpoint, whole, unless an earlier write failed.
    func write(_ state: TrainingState) {
        guard !hasFailed else { return }
        do {
            try make(state).write(toDirectory: directory)
            lock.withLock { lastIteration = state.iterationsDone }
        } catch {
            lock.withLock { failure = error }
        }
    }

    /// Whether a write failed (the run should stop).
    var hasFailed: Bool { lock.withLock { failure != nil } }

    /// The first failure, if any.
    var firstFailure: DataError? { lock.withLock { failure } }

    /// The iterations done in the last checkpoint written, if any.
    var lastWritten: Int? { lock.withLock { lastIteration } }
}

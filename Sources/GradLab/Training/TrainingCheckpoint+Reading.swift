import GradLabData

extension TrainingCheckpoint {
    /// Reads a checkpoint from a safetensors file written by ``safetensors()``.
    ///
    /// - Parameters:
    ///   - file: The parsed file.
    ///   - name: The file name shown in error messages.
    ///   - kinds: The layer names the network's description may use.
    /// - Throws: ``DataError`` naming `name` and the problem: another `gradlab.format`; the
    ///   model part as ``ModelFile`` would refuse it; a metadata entry missing or not a number of
    ///   the right kind; generators that do not match the network's stochastic layers; an
    ///   optimizer slot for a parameter the network lacks or of another shape, or a state the
    ///   optimizer refuses; a sampler order that is not a permutation, a position outside it, a
    ///   batch index out of range; curves whose lengths disagree with the iterations done; a
    ///   weight or optimizer tensor holding a value that is not finite, an index that is not a
    ///   whole number.
    public init(_ file: Safetensors, name: String, kinds: [LayerKind] = LayerKind.standard) throws(DataError) {
        let reader = CheckpointReader(file: file, name: name)
        let format = file.metadata["gradlab.format"] ?? "(none)"
        guard format == Self.formatVersion else {
            throw reader.failure("gradlab.format is \"\(format)\", not \"\(Self.formatVersion)\": this is not a GradLab checkpoint"
                                 + (format == ModelFile.formatVersion ? " but a model file (train --save writes those; --checkpoint DIR writes checkpoints)" : ""))
        }
        let isState = { (entry: Safetensors.Entry) in Self.statePrefixes.contains { entry.name.hasPrefix($0) } }
        let model = try ModelFile(Safetensors(entries: file.entries.filter { !isState($0) }, metadata: file.metadata),
                                  name: name, kinds: kinds, format: Self.formatVersion)
        var network = model.network
        network.generators = try reader.generators("network.generators", count: network.generators.count)

        // The optimizer: its kind, its numbers, its slots checked against the network's parameters.
        let kindName = try reader.text("optimizer")
        guard let kind = OptimizerKind(rawValue: kindName) else {
            throw reader.failure("__metadata__ optimizer is \"\(kindName)\"; known: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var optimizerState = OptimizerState()
        for (key, _) in file.metadata where key.hasPrefix("optimizer.") {
            optimizerState.numbers[String(key.dropFirst("optimizer.".count))] = try reader.number(key)
        }
        let parameters = network.parameters
        for entry in file.entries where entry.name.hasPrefix("optimizer.") {
            let parts = entry.name.dropFirst("optimizer.".count).split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, parameters.contains(parts[1]) else {
                throw reader.failure("tensor \"\(entry.name)\" is not optimizer.<slot>.<parameter> for a parameter of the network ("
                                     + parameters.names.joined(separator: ", ") + ")")
            }
            guard entry.shape == parameters[parts[1]].shape else {
                throw reader.failure("tensor \"\(entry.name)\" is \(entry.shape), but the parameter \(parts[1]) is \(parameters[parts[1]].shape)")
            }
            optimizerState.slots[parts[0], default: [:]][parts[1]] = try reader.finiteTensor(entry)
        }
        var optimizer = kind.make()
        do {
            try optimizer.load(optimizerState)
        } catch {
            throw reader.failure("the \(kind.rawValue) optimizer's state: \(error.description)")
        }

        // The sampler, in the middle of its epoch.
        let method = try reader.choice("sampler.method", SamplingMethod.self)
        let sampleCount = try reader.integer("sampler.sample_count", in: 1...Int(Int32.max))
        let batchSize = try reader.integer("sampler.batch_size", in: 1...sampleCount)
        let order = try reader.indices("sampler.order", below: sampleCount)
        let position = try reader.integer("sampler.position", in: 0...Int.max)
        if let problem = BatchSampler.problem(order: order, position: position, method: method, sampleCount: sampleCount) {
            throw reader.failure("the sampler's state: \(problem)")
        }
        let sampler = BatchSampler(method: method, sampleCount: sampleCount, batchSize: batchSize,
                                   generator: SplitMix64(seed: try reader.unsigned("sampler.generator")), order: order, position: position)
        let nextBatch = try reader.indices("sampler.next_batch", below: sampleCount)
        guard (1...batchSize).contains(nextBatch.count) else {
            throw reader.failure("tensor \"sampler.next_batch\" holds \(nextBatch.count) indices, not 1 to the batch size \(batchSize)")
        }

        // The curves, as long as the iterations done say.
        let done = try reader.integer("iterations_done", in: 0...Int.max)
        let losses = try reader.scalars("history.losses", shape: [done])
        let norms = try reader.scalars("history.gradient_norms", shape: [done])
        let epochRows = try reader.rows("history.epochs", width: 3)
        let validationRows = try reader.rows("history.validation", width: 4)
        let epochs = try epochRows.map { row throws(DataError) in
            EpochRecord(iteration: try reader.whole(row[0], "history.epochs"), trainAccuracy: row[1], testAccuracy: row[2])
        }
        let validation = try validationRows.map { row throws(DataError) in
            ValidationRecord(epoch: try reader.whole(row[0], "history.validation"), iteration: try reader.whole(row[1], "history.validation"),
                             loss: row[2], accuracy: row[3])
        }

        // Early stopping's best network, if the run has one.
        var best: TrainingState.Best?
        if file.metadata["best.epoch"] != nil {
            let record = ValidationRecord(epoch: try reader.integer("best.epoch", in: 0...Int.max),
                                          iteration: try reader.integer("best.iteration", in: 0...Int.max),
                                          loss: try reader.number("best.loss"), accuracy: try reader.number("best.accuracy"))
            var bestNetwork = network
            let entries = file.entries.filter { $0.name.hasPrefix("best.") }
                .map { Safetensors.Entry(name: String($0.name.dropFirst("best.".count)), dtype: $0.dtype, shape: $0.shape, scalars: $0.scalars) }
            try bestNetwork.loadWeights(from: Safetensors(entries: entries), name: name + " (the best.* tensors)")
            bestNetwork.generators = try reader.generators("best.generators", count: network.generators.count)
            best = TrainingState.Best(record: record, network: bestNetwork)
        } else if let stray = file.entries.first(where: { $0.name.hasPrefix("best.") }) {
            throw reader.failure("tensor \"\(stray.name)\" belongs to early stopping's best network, but __metadata__ has no best.epoch")
        }

        let state = TrainingState(
            network: network, optimizer: optimizer, sampler: sampler, nextBatch: nextBatch,
            augmentationGenerator: SplitMix64(seed: try reader.unsigned("augmentation.generator")),
            iterationsDone: done, losses: losses, gradientNorms: norms, epochs: epochs, validation: validation, best: best,
            validationsWithoutImprovement: try reader.integer("validations_without_improvement", in: 0...Int.max),
            seconds: try reader.number("seconds"), evaluationSeconds: try reader.number("evaluation_seconds"))
        let runMetadata = file.metadata.filter { $0.key.hasPrefix("run.") }
        self.init(state: state, specification: model.specification, inputSize: model.inputSize, outputSize: model.outputSize,
                  metadata: Dictionary(uniqueKeysWithValues: runMetadata.map { (String($0.key.dropFirst("run.".count)), $0.value) }))
    }
}

/// Reads typed values out of a checkpoint file's metadata and tensors, each failure a
/// ``DataError`` naming the file and the entry.
private struct CheckpointReader {
    let file: Safetensors
    let name: String

    func failure(_ problem: String) -> DataError { DataError(file: name, problem: problem) }

    /// The metadata entry `key`.
    func text(_ key: String) throws(DataError) -> String {
        guard let value = file.metadata[key] else { throw failure("no \"\(key)\" in __metadata__; the checkpoint is incomplete") }
        return value
    }

    /// A finite number.
    func number(_ key: String) throws(DataError) -> Double {
        let text = try text(key)
        guard let value = Double(text), value.isFinite else { throw failure("__metadata__ \(key) is \"\(text)\", not a finite number") }
        return value
    }

    /// A whole number in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(DataError) -> Int {
        let text = try text(key)
        guard let value = Int(text), range.contains(value) else {
            throw failure("__metadata__ \(key) is \"\(text)\", not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A generator state: a whole number from 0 to 2⁶⁴ − 1.
    func unsigned(_ key: String) throws(DataError) -> UInt64 {
        let text = try text(key)
        guard let value = UInt64(text) else { throw failure("__metadata__ \(key) is \"\(text)\", not a generator state (0 to 2⁶⁴ − 1)") }
        return value
    }

    /// One of a type's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(DataError) -> T where T.RawValue == String {
        let text = try text(key)
        guard let value = T(rawValue: text) else {
            throw failure("__metadata__ \(key) is \"\(text)\"; known: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// `count` generators from a comma-separated list of states.
    func generators(_ key: String, count: Int) throws(DataError) -> [SplitMix64] {
        let text = try text(key)
        let states = text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map { UInt64($0) }
        guard states.count == count, states.allSatisfy({ $0 != nil }) else {
            throw failure("__metadata__ \(key) is \"\(text)\", not \(count) generator states separated by commas "
                          + "(one per Dropout layer of the network)")
        }
        return states.map { SplitMix64(seed: $0!) }
    }

    /// The tensor `key`'s elements, of exactly `shape`. A curve may hold an infinity (a
    /// gradient norm that overflowed), so its values are not checked.
    func scalars(_ key: String, shape: [Int]) throws(DataError) -> [Double] {
        guard let entry = file[key] else { throw failure("no tensor \"\(key)\"; the checkpoint is incomplete") }
        guard entry.shape == shape else { throw failure("tensor \"\(key)\" is \(entry.shape), not \(shape)") }
        return entry.scalars
    }

    /// The rows of the `k × width` tensor `key` (a curve: values not checked).
    func rows(_ key: String, width: Int) throws(DataError) -> [[Double]] {
        guard let entry = file[key] else { throw failure("no tensor \"\(key)\"; the checkpoint is incomplete") }
        guard entry.shape.count == 2, entry.shape[1] == width else { throw failure("tensor \"\(key)\" is \(entry.shape), not [k, \(width)]") }
        let scalars = entry.scalars
        return stride(from: 0, to: scalars.count, by: width).map { Array(scalars[$0 ..< $0 + width]) }
    }

    /// The vector `key` as indices in `0..<bound`.
    func indices(_ key: String, below bound: Int) throws(DataError) -> [Int] {
        guard let entry = file[key] else { throw failure("no tensor \"\(key)\"; the checkpoint is incomplete") }
        guard entry.shape.count == 1 else { throw failure("tensor \"\(key)\" is \(entry.shape), not a vector") }
        return try entry.scalars.map { value throws(DataError) in
            let index = try whole(value, key)
            guard index < bound else { throw failure("tensor \"\(key)\" holds \(index), not an index below \(bound)") }
            return index
        }
    }

    /// `value` as a whole number ≥ 0.
    func whole(_ value: Double, _ key: String) throws(DataError) -> Int {
        guard value >= 0, value <= 0x1p53, value.rounded() == value else {
            throw failure("tensor \"\(key)\" holds \(value), not a whole number ≥ 0")
        }
        return Int(value)
    }

    /// The entry as a tensor, if every element is finite.
    func finiteTensor(_ entry: Safetensors.Entry) throws(DataError) -> Tensor {
        if let index = entry.scalars.firstIndex(where: { !$0.isFinite }) {
            throw failure("tensor \"\(entry.name)\" holds \(entry.scalars[index]) at element \(index); the state must be finite")
        }
        return Tensor(shape: entry.shape, scalars: entry.scalars)
    }
}

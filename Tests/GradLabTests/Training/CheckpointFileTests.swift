import Foundation
import GradLab
import GradLabData
import Testing

/// The checkpoint file: written whole into its folder, read back exactly, and every damaged or
/// inconsistent one refused with the file and the problem named.
@Suite("Checkpoint files: whole, exact, and refused when damaged")
struct CheckpointFileTests {
    static let specification = "affine 8, relu, dropout 0.3, affine 10"

    /// A checkpoint of Adam after 17 shuffled iterations of a network with Dropout.
    static func checkpoint() throws -> TrainingCheckpoint {
        let network = try Sequential(specification: specification, inputSize: 9, outputSize: 10, seed: 2)
        let configuration = TrainingConfiguration(iterations: 17, batchSize: 16, optimizer: .adam, sampling: .shuffle, seed: 3,
                                                  checkpointInterval: 17)
        var saved: TrainingState?
        _ = try train(resuming: TrainingState(start: network, trainingSetCount: 200, configuration: configuration),
                      on: TrainingTests.images, testSet: TrainingTests.images, configuration: configuration, onCheckpoint: { saved = $0 })
        return TrainingCheckpoint(state: try #require(saved), specification: specification, inputSize: 9, outputSize: 10,
                                  metadata: ["note": "kept as given"])
    }

    @Test func aCheckpointReadsBackExactly() throws {
        let original = try Self.checkpoint()
        let file = original.safetensors()
        let read = try TrainingCheckpoint(Safetensors(bytes: file.encoded(), name: "c"), name: "c")
        #expect(read.safetensors() == file)
        #expect(read.metadata == ["note": "kept as given"])
        // 18 batches drawn (the next one ahead): an epoch of 13, then 5 of 16 into the second.
        #expect(read.state.iterationsDone == 17 && read.state.sampler.position == 80)
        #expect(read.state.optimizer.state == original.state.optimizer.state)
        #expect((read.state.optimizer as? Adam)?.step == 17)
        #expect(file.metadata["optimizer.step"] == "17.0" && file.metadata["sampler.method"] == "shuffle")
        #expect(file["optimizer.m.W1"]?.shape == [9, 8] && file["history.losses"]?.shape == [17])
    }

    @Test func aFolderHoldsOneWholeCheckpoint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(at: folder) } catch { Issue.record(error) }
        }
        let path = folder.appendingPathComponent(TrainingCheckpoint.fileName).path
        #expect(throws: DataError(file: path, problem: "no such file: \(folder.path) holds no checkpoint")) {
            try TrainingCheckpoint.load(fromDirectory: folder)
        }
        var checkpoint = try Self.checkpoint()
        try checkpoint.write(toDirectory: folder)
        checkpoint.state.iterationsDone = 16  // an inconsistent state is written as it is…
        checkpoint.state.losses.removeLast()
        checkpoint.state.gradientNorms.removeLast()
        try checkpoint.write(toDirectory: folder)  // …over the first, whole
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [TrainingCheckpoint.fileName])
        #expect(try TrainingCheckpoint.load(fromDirectory: folder).state.iterationsDone == 16)

        // A file cut short (as a crash in the middle of a plain write would leave it) is named.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: path))
        #expect {
            try TrainingCheckpoint.load(fromDirectory: folder)
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.file == path && error.problem.contains("the file may be truncated")
        }
    }

    /// The problem reading `file` after `damage`, or nil if it reads.
    static func problem(_ damage: (inout Safetensors) -> Void) throws -> String? {
        var file = try checkpoint().safetensors()
        damage(&file)
        do throws(DataError) {
            _ = try TrainingCheckpoint(Safetensors(bytes: file.encoded(), name: "c.safetensors"), name: "c.safetensors")
            return nil
        } catch {
            #expect(error.file == "c.safetensors")
            return error.problem
        }
    }

    /// Replaces the tensor `name` with one of `shape` and `scalars`.
    static func replace(_ name: String, in file: inout Safetensors, shape: [Int], scalars: [Double]) {
        let index = file.entries.firstIndex { $0.name == name }!
        file.entries[index] = Safetensors.Entry(name: name, shape: shape, scalars: scalars)
    }

    @Test func damagedCheckpointsAreRefusedWithTheProblemNamed() throws {
        #expect(try Self.problem { _ in } == nil)
        #expect(try Self.problem { $0.metadata["gradlab.format"] = "model 1" }?.contains("this is not a GradLab checkpoint but a model file") == true)
        #expect(try Self.problem { $0.metadata["sampler.generator"] = nil } == #"no "sampler.generator" in __metadata__; the checkpoint is incomplete"#)
        #expect(try Self.problem { $0.metadata["sampler.position"] = "9999" } == "the sampler's state: position 9999 is outside 0...200")
        #expect(try Self.problem { $0.metadata["sampler.generator"] = "-1" }
                == #"__metadata__ sampler.generator is "-1", not a generator state (0 to 2⁶⁴ − 1)"#)
        #expect(try Self.problem { Self.replace("sampler.order", in: &$0, shape: [200], scalars: Array(repeating: 3, count: 200)) }
                == "the sampler's state: the order is not a permutation of 0..<200 (3 is out of range or repeated)")
        #expect(try Self.problem { Self.replace("sampler.next_batch", in: &$0, shape: [1], scalars: [200]) }
                == #"tensor "sampler.next_batch" holds 200, not an index below 200"#)
        #expect(try Self.problem { Self.replace("sampler.next_batch", in: &$0, shape: [1], scalars: [1.5]) }
                == #"tensor "sampler.next_batch" holds 1.5, not a whole number ≥ 0"#)
        #expect(try Self.problem { Self.replace("optimizer.m.W1", in: &$0, shape: [8, 9], scalars: Array(repeating: 0, count: 72)) }
                == #"tensor "optimizer.m.W1" is [8, 9], but the parameter W1 is [9, 8]"#)
        #expect(try Self.problem { Self.replace("optimizer.m.W1", in: &$0, shape: [9, 8], scalars: [.nan] + Array(repeating: 0, count: 71)) }
                == #"tensor "optimizer.m.W1" holds nan at element 0; the state must be finite"#)
        #expect(try Self.problem { $0.entries.append(Safetensors.Entry(name: "optimizer.m.W9", shape: [1], scalars: [0])) }?
                    .hasPrefix(#"tensor "optimizer.m.W9" is not optimizer.<slot>.<parameter> for a parameter of the network (W1, b1, W2, b2)"#) == true)
        #expect(try Self.problem { $0.metadata["optimizer"] = "momentum" }
                == #"the momentum optimizer's state: unknown slot "m"; this optimizer keeps velocity"#)
        #expect(try Self.problem { $0.metadata["optimizer.step"] = "2.5" }
                == #"the adam optimizer's state: the number "step" is 2.5, not a whole number from 0 to 2⁵³"#)
        #expect(try Self.problem { $0.metadata["optimizer"] = "lion" } == #"__metadata__ optimizer is "lion"; known: sgd, momentum, adagrad, rmsprop, adam"#)
        #expect(try Self.problem { Self.replace("history.losses", in: &$0, shape: [16], scalars: Array(repeating: 1, count: 16)) }
                == #"tensor "history.losses" is [16], not [17]"#)
        #expect(try Self.problem { $0.metadata["network.generators"] = "1,2" }
                == #"__metadata__ network.generators is "1,2", not 1 generator states separated by commas (one per Dropout layer of the network)"#)
        #expect(try Self.problem { $0.entries.removeAll { $0.name == "W1" } } == #"no tensor "W1"; the network needs [9, 8] there"#)
        #expect(try Self.problem { $0.entries.append(Safetensors.Entry(name: "best.W1", shape: [9, 8], scalars: Array(repeating: 0, count: 72))) }
                == #"tensor "best.W1" belongs to early stopping's best network, but __metadata__ has no best.epoch"#)
    }
}

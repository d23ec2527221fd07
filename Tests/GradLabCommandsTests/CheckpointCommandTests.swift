import Foundation
import GradLab
import GradLabData
@testable import GradLabCommands
import Testing

/// `train --checkpoint DIR`, stopped as Ctrl-C stops it, then `train --resume DIR`: the model
/// saved at the end is the same file, byte for byte, as the one a run that never stopped saves.
@Suite(.serialized)
struct CheckpointCommandTests {
    /// Removes a test's folder; a failure to remove is recorded, not swallowed.
    static func remove(_ folder: URL) {
        do { try FileManager.default.removeItem(at: folder) } catch { Issue.record(error) }
    }

    @Test(arguments: [
        // Dropout's and augmentation's generators, BatchNorm's statistics, Adam's moments,
        // shuffled epochs (--epochs), a checkpoint per epoch (5 iterations of 16 of 80 images).
        (["--network", "affine 8, batchnorm, relu, dropout 0.2, affine 10", "--epochs", "4", "--batch", "16",
          "--optimizer", "adam", "--augment", "shift"], [], 7, "backprop through the layers"),
        // train's default for the book's shape: the fused fast path; sampling with replacement,
        // SGD, a checkpoint every 4 iterations.
        (["--network", "affine 8, relu, affine 10", "--iterations", "30", "--batch", "10"], ["--checkpoint-every", "4"], 13,
         "fast backprop (fused two-layer step)"),
    ])
    func interruptedAndResumedEqualsStraight(options: [String], schedule: [String], stopAfter: Int, source: String) throws {
        let (root, data, out) = try tinyDataFolders()
        defer { Self.remove(root) }
        let folder = root.appendingPathComponent("ck"), common = ["train", "--data", data.path, "--json", "--out", out.path]
        let straightModel = root.appendingPathComponent("straight.safetensors").path
        let resumedModel = root.appendingPathComponent("resumed.safetensors").path

        let straight = runGradLab(common + options + ["--save", straightModel])
        #expect(straight.status == 0, "\(straight.output.standardError)")
        let straightJSON = try parseJSON(straight.output.standardOutput)
        #expect(straightJSON["gradientSource"] as? String == source)

        // Stopped before iteration `stopAfter` (the trainer asks before every iteration), as Ctrl-C would.
        let stopped = runGradLab(common + options + schedule + ["--checkpoint", folder.path], stopAfter: stopAfter)
        #expect(stopped.status == 130, "\(stopped.output.standardError)")
        let file = folder.appendingPathComponent(TrainingCheckpoint.fileName).path
        #expect(stopped.output.standardError.contains("checkpoint at iteration \(stopAfter) in \(file): continue with gradlab train --resume \(folder.path)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [TrainingCheckpoint.fileName])

        // Resumed with the session options and run options given as before (--data as another
        // spelling of the same folder).
        let resumed = runGradLab(["train", "--resume", folder.path, "--json", "--out", out.path, "--save", resumedModel,
                                  "--data", data.path + "/"] + schedule + options.prefix(2))
        #expect(resumed.status == 0, "\(resumed.output.standardError)")
        let resumedJSON = try parseJSON(resumed.output.standardOutput)
        #expect(resumedJSON["resumedFromIteration"] as? Int == stopAfter)
        #expect(resumedJSON["gradientSource"] as? String == source)
        #expect(resumedJSON["finalTestAccuracy"] as? Double == straightJSON["finalTestAccuracy"] as? Double)
        #expect(resumedJSON["finalLoss"] as? Double == straightJSON["finalLoss"] as? Double)
        #expect(resumedJSON["iterations"] as? Int == straightJSON["iterations"] as? Int)
        // Every tensor's bytes, and the header, equal.
        #expect(try Data(contentsOf: URL(fileURLWithPath: resumedModel)) == Data(contentsOf: URL(fileURLWithPath: straightModel)))
        // The last checkpoint is the finished run's (the last iteration ends an epoch, or is a
        // multiple of 4 short of 30: iteration 28).
        let last = try TrainingCheckpoint.load(fromDirectory: folder)
        #expect(last.state.iterationsDone == (options.contains("--epochs") ? 20 : 28))
        #expect(last.metadata["option.batch"] == options[options.firstIndex(of: "--batch")! + 1])
    }

    @Test func resumeRefusesOtherOptionsAndDamagedCheckpoints() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { Self.remove(root) }
        let folder = root.appendingPathComponent("ck")
        let file = folder.appendingPathComponent(TrainingCheckpoint.fileName).path
        let run = ["train", "--data", data.path, "--network", "affine 8, relu, affine 10", "--iterations", "12", "--batch", "10",
                   "--out", out.path, "--checkpoint", folder.path]
        #expect(runGradLab(run).status == 0)

        // A new run into a folder holding a checkpoint would overwrite it.
        let again = runGradLab(run)
        #expect(again.status == 1)
        #expect(again.output.standardError == "error: --checkpoint '\(folder.path)' already holds a checkpoint (\(file)): "
                + "continue that run with --resume \(folder.path), or give another folder\n")

        // A resumed run keeps its options.
        let other = runGradLab(["train", "--resume", folder.path, "--batch", "20", "--out", out.path])
        #expect(other.status == 2)
        #expect(other.output.standardError == "error: --resume continues the run with the options it started with, and it had --batch 10 "
                + "(\(file)); leave --batch out, or start a new run without --resume\n")
        let added = runGradLab(["train", "--resume", folder.path, "--optimizer", "adam", "--out", out.path])
        #expect(added.status == 2 && added.output.standardError.contains("it had no --optimizer"))
        let every = runGradLab(["train", "--data", data.path, "--checkpoint-every", "3", "--out", out.path])
        #expect(every.status == 2 && every.output.standardError == "error: --checkpoint-every needs a folder for the checkpoints: add --checkpoint DIR\n")

        // Fewer training images would be another run.
        let fewer = runGradLab(["train", "--resume", folder.path, "--out", out.path, "--train-size", "50"])
        #expect(fewer.status == 2 && fewer.output.standardError.contains("it had no --train-size"))

        // A damaged checkpoint: exit 1, the file named.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
        let truncated = runGradLab(["train", "--resume", folder.path, "--out", out.path])
        #expect(truncated.status == 1)
        #expect(truncated.output.standardError.hasPrefix("error: \(file): "), "\(truncated.output.standardError)")
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: file))
        let garbage = runGradLab(["train", "--resume", folder.path, "--out", out.path])
        #expect(garbage.status == 1 && garbage.output.standardError.hasPrefix("error: \(file): "))

        // A model file is not a checkpoint.
        let model = root.appendingPathComponent("m.safetensors").path
        #expect(runGradLab(["train", "--data", data.path, "--iterations", "2", "--batch", "10", "--out", out.path, "--save", model]).status == 0)
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.copyItem(atPath: model, toPath: file)
        let notCheckpoint = runGradLab(["train", "--resume", folder.path, "--out", out.path])
        #expect(notCheckpoint.status == 1)
        #expect(notCheckpoint.output.standardError.contains("\(file): gradlab.format is \"model 1\", not \"checkpoint 1\": this is not a GradLab checkpoint but a model file"))

        // No checkpoint at all.
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = runGradLab(["train", "--resume", empty.path, "--out", out.path])
        #expect(none.status == 1)
        #expect(none.output.standardError == "error: \(empty.appendingPathComponent(TrainingCheckpoint.fileName).path): "
                + "no such file: \(empty.path) holds no checkpoint\n")
    }
}

import Foundation
import GradLab
import GradLabData
@testable import GradLabCommands
import Testing

/// `train --save`, then `evaluate`, `predict` and `summary` on the file, on the tiny data set.
@Suite(.serialized)
struct ModelCommandTests {
    /// Removes a test's folder; a failure to remove is recorded, not swallowed.
    static func remove(_ folder: URL) {
        do { try FileManager.default.removeItem(at: folder) } catch { Issue.record(error) }
    }

    static let network = "affine 8, batchnorm, relu, dropout 0.2, affine 10"

    @Test func savedModelEvaluatesToTheTrainingRunsNumbers() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { Self.remove(root) }
        let model = root.appendingPathComponent("m.safetensors")
        let (status, output) = runGradLab(["train", "--data", data.path, "--network", Self.network, "--epochs", "3", "--batch", "16",
                                           "--optimizer", "adam", "--weight-decay", "0.001", "--save", model.path, "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        #expect(output.standardError.contains("model saved to \(model.path)"))
        let trained = try parseJSON(output.standardOutput)
        let finalAccuracy = try #require(trained["finalTestAccuracy"] as? Double)

        // evaluate: the same test accuracy as the run's last measurement.
        let evaluation = runGradLab(["evaluate", "--model", model.path, "--data", data.path, "--json"])
        #expect(evaluation.status == 0, "\(evaluation.output.standardError)")
        let evaluated = try parseJSON(evaluation.output.standardOutput)
        #expect(evaluated["accuracy"] as? Double == finalAccuracy)
        #expect(evaluated["testImages"] as? Int == 20)

        // The loss, recomputed here from the file's tensors by the library's own pieces.
        let file = try Safetensors.load(contentsOf: model)
        var network = try Sequential(specification: Self.network, inputSize: 16, outputSize: 10, seed: 1,
                                     weightDecay: WeightDecay(l2: 0.001))
        try network.loadWeights(from: file, name: "m")
        let test = try MNIST.load(from: data).test
        #expect(evaluated["loss"] as? Double == meanLoss(of: network, on: test))

        // predict: probabilities that sum to 1, the class with the highest, the true label.
        let prediction = runGradLab(["predict", "--model", model.path, "--data", data.path, "--image", "3", "--json"])
        #expect(prediction.status == 0, "\(prediction.output.standardError)")
        let predicted = try parseJSON(prediction.output.standardOutput)
        let outputs = try #require(predicted["outputs"] as? [Double])
        #expect(outputs.count == 10 && abs(outputs.reduce(0, +) - 1) < 1e-12)
        #expect(predicted["predicted"] as? Int == outputs.indices.max { outputs[$0] < outputs[$1] })
        #expect(predicted["label"] as? Int == (3 + 1) % 4)  // the tiny set's test labels are (index + 1) mod 4
        let expected = network.predict(test.images(at: [3])).scalars
        // Equal up to the JSON's decimal form (shortest, 17 significant digits at most).
        #expect(zip(outputs, expected).allSatisfy { abs($0 - $1) <= 1e-15 })

        let text = runGradLab(["predict", "--model", model.path, "--data", data.path, "--image", "3"])
        #expect(text.status == 0)
        // Image 3 (label 0) has its bright row first: pixels 200, 210, 220, 230 are ramp characters
        // 200·10/256 = 7 ('#') and 8 ('%'), two per pixel.
        #expect(text.output.standardOutput.contains("test image 3 of the data in \(data.path), label 0:\n  ##%%%%%%\n"))

        // The tiny test set has 20 images: image 20 is a usage mistake.
        let beyond = runGradLab(["predict", "--model", model.path, "--data", data.path, "--image", "20"])
        #expect(beyond.status == 2 && beyond.output.standardError.hasPrefix("error: --image"), "\(beyond.output.standardError)")
        #expect(beyond.output.standardError.contains("19"))

        // summary: the names and shapes in the file.
        let summary = runGradLab(["summary", "--model", model.path, "--json"])
        #expect(summary.status == 0)
        let tensors = try #require(try parseJSON(summary.output.standardOutput)["tensors"] as? [[String: Any]])
        #expect(tensors.map { $0["name"] as? String } == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "running_mean1", "running_var1"])
        #expect(tensors.map { $0["shape"] as? [Int] } == [[16, 8], [8], [8], [8], [8, 10], [10], [8], [8]])
        let summaryText = runGradLab(["summary", "--model", model.path])
        #expect(summaryText.output.standardOutput.contains("Total params: 258"))
    }

    @Test func badModelFilesAreNamedAndExitOne() throws {
        let root = try temporaryFolder()
        defer { Self.remove(root) }
        let path = root.appendingPathComponent("bad.safetensors")
        for (bytes, problem) in [
            ([UInt8](repeating: 0, count: 3), "bad.safetensors: truncated: 3 bytes"),
            ([8, 0, 0, 0, 0, 0, 0, 0] + Array("{\"a\":   ".utf8), "bad.safetensors: malformed JSON in the header"),
            (Safetensors(entries: []).encoded(), "bad.safetensors: no \"gradlab.format\" in __metadata__"),
        ] as [([UInt8], String)] {
            try Data(bytes).write(to: path)
            for command in ["evaluate", "predict", "summary"] {
                let (status, output) = runGradLab([command, "--model", path.path])
                #expect(status == 1)
                #expect(output.standardError.hasPrefix("error: \(problem)"), "\(output.standardError)")
            }
        }
        let missing = runGradLab(["evaluate", "--model", root.appendingPathComponent("none.safetensors").path])
        #expect(missing.status == 1 && missing.output.standardError.hasPrefix("error: none.safetensors: cannot read"))
        let noOption = runGradLab(["predict"])
        #expect(noOption.status == 2 && noOption.output.standardError == "error: --model needs a value: --model FILE\n")
        let noFolder = runGradLab(["train", "--save", root.appendingPathComponent("nowhere/m.safetensors").path, "--iterations", "1"])
        #expect(noFolder.status == 1 && noFolder.output.standardError.contains("--save '\(root.path)/nowhere/m.safetensors': the folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["bad.safetensors"])
    }
}

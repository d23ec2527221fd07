// train and gradcheck on images read as sequences (--sequence rows|columns), with recurrent
// networks, and the mistakes a user can make with them.

import Foundation
import GradLab
import Testing
@testable import GradLabCommands

@Suite("Sequences: --sequence, rnn, lstm, last", .serialized)
struct SequenceCommandTests {
    @Test(arguments: [
        (["--network", "rnn 4, last, affine 10"], "add --sequence rows (each image as 28 time steps of 28 pixels) or --sequence columns"),
        (["--network", "lstm 0, last, affine 10", "--sequence", "rows"], "'lstm 0' needs one hidden size from 1 to 2048"),
        (["--network", "lstm 5000, last, affine 10", "--sequence", "rows"], "'lstm 5000' needs one hidden size from 1 to 2048"),
        (["--network", "affine 50, last, affine 10"], "'last' takes the last time step of a sequence [T, H], but its input is 50 features"),
        (["--network", "affine 50, rnn 8, last, affine 10"], "'rnn 8' takes sequences [time steps, features], but its input is 50 features"),
        (["--network", "lstm 5, affine 10", "--sequence", "rows"], "put 'last' (the last time step) before it"),
        (["--network", "affine 50, relu, affine 10", "--sequence", "rows"], "--sequence rows reads images as sequences for a network that starts with a recurrent layer"),
        (["--network", "rnn 4, last, affine 10", "--sequence", "diagonal"], "--sequence: 'diagonal' is not allowed; choose one of rows, columns"),
        (["--network", "lstm 3, last, affine 10", "--random", "--sequence", "rows"], "no rows and columns; use images (no --random)"),
    ])
    func mistakesExitTwoWithAClearMessage(arguments: [String], message: String) {
        let (status, output) = runGradLab(["gradcheck"] + arguments)
        #expect(status == 2)
        #expect(output.standardError.contains(message), "\(output.standardError)")
        #expect(output.standardOutput.isEmpty)
    }

    @Test func trainRefusesARecurrentNetworkOnFlatRows() {
        let (status, output) = runGradLab(["train", "--network", "lstm 8, last, affine 10"])
        #expect(status == 2)
        #expect(output.standardError.contains("starts with a layer that takes sequences; add --sequence rows"), "\(output.standardError)")
    }

    /// The issue's check on the tiny data set (4×4 images: 4 steps of 4 pixels): numeric,
    /// backprop and the tape agree on every parameter of an LSTM and of an RNN, read by rows
    /// and by columns.
    @Test(arguments: [("lstm 3, last, affine 10", "rows"), ("rnn 3, last, affine 10", "rows"), ("lstm 3, last, affine 10", "columns")])
    func gradcheckAgreesOnEveryPairAndParameter(network: String, reading: String) throws {
        let (root, data, out) = try tinyDataFolders()
        defer { ModelCommandTests.remove(root) }
        let (status, output) = runGradLab(["gradcheck", "--data", data.path, "--sequence", reading, "--network", network,
                                           "--sources", "numeric,backprop,tape", "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        #expect(parameters.compactMap { $0["name"] as? String } == ["Wx1", "Wh1", "b1", "W1", "b2"])
        let pairs = try #require(json["comparisons"] as? [[String: Any]])
        #expect(pairs.count == 3)
        for pair in pairs {
            let perParameter = try #require(pair["parameters"] as? [[String: Any]])
            #expect(perParameter.count == 5)
            for parameter in perParameter {
                let error = try #require(parameter["normRelError"] as? Double)
                #expect(error <= 1e-7, "\(reading) \(pair["a"] ?? "?")–\(pair["b"] ?? "?") \(parameter["name"] ?? "?"): \(error)")
            }
        }
    }

    /// An LSTM trains on sequences, is saved, and evaluates to the run's own last accuracy.
    @Test func anLSTMTrainsSavesAndEvaluates() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { ModelCommandTests.remove(root) }
        let model = root.appendingPathComponent("lstm.safetensors")
        let (status, output) = runGradLab(["train", "--data", data.path, "--sequence", "rows", "--network", "lstm 6, last, affine 10",
                                           "--epochs", "4", "--batch", "16", "--optimizer", "adam", "--learning-rate", "0.02",
                                           "--save", model.path, "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let trained = try parseJSON(output.standardOutput)
        let accuracy = try #require(trained["finalTestAccuracy"] as? Double)
        // Four classes told apart by which row is bright: the last state has seen every row.
        #expect(accuracy >= 0.5, "test accuracy \(accuracy)")
        let evaluation = runGradLab(["evaluate", "--model", model.path, "--data", data.path, "--json"])
        #expect(evaluation.status == 0, "\(evaluation.output.standardError)")
        #expect(try parseJSON(evaluation.output.standardOutput)["accuracy"] as? Double == accuracy)
    }
}

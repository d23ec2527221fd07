import Foundation
import Testing
@testable import GradLabCommands

/// The four study commands end to end on tiny sizes: exit status, the JSON's numbers against
/// values worked out independently, the same output for the same seed, usage mistakes.
@Suite("study commands", .serialized)
struct StudyCommandTests {
    /// Runs `arguments` with `--out` set to a fresh folder that is removed afterwards.
    static func run(_ arguments: [String], data: Bool = false) throws -> (status: Int32, output: CapturedOutput) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var all = arguments + ["--out", folder.appendingPathComponent("out").path]
        if data {
            let dataFolder = folder.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: false)
            try writeTinyDataSet(to: dataFolder)
            all += ["--data", dataFolder.path]
        }
        return runGradLab(all)
    }

    /// The JSON without its "report" line, which names the (temporary) folder.
    static func withoutReport(_ text: String) -> String {
        text.replacingOccurrences(of: #","report":"[^"]*""#, with: "", options: .regularExpression)
    }

    static let tinyActivations = ["activations", "--samples", "200", "--width", "20", "--depth", "3", "--bins", "10", "--json"]

    @Test func activationsJSONHasEveryCaseAndTheClosedForm() throws {
        let (status, output) = try Self.run(Self.tinyActivations)
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let cases = try #require(json["cases"] as? [[String: Any]])
        #expect(cases.count == 12)
        #expect(cases.map { $0["weights"] as? String ?? "" }.prefix(4) == ["σ = 1", "σ = 0.01", "Xavier", "He"])
        let sigmoid = try #require(cases.first)
        let layers = try #require(sigmoid["layers"] as? [[String: Any]])
        #expect(layers.count == 3)
        #expect((layers[0]["histogram"] as? [Int])?.count == 10)
        // Layer 1 of the sigmoid with σ = 1: a ~ N(0, 20), saturated where |a| > ln 99.
        let expected = 0.5 * erfc(log(99) / 20.0.squareRoot() / 2.0.squareRoot()) * 2
        let share = try #require(layers[0]["saturatedShare"] as? Double)
        #expect(abs(share - expected) < 0.06)
        // He's σ for 20 inputs.
        #expect(abs((cases[3]["weightStandardDeviation"] as? Double ?? 0) - 0.1.squareRoot()) < 1e-15)
    }

    @Test func activationsTextHasTablesAndCharts() throws {
        let (status, output) = try Self.run(Array(Self.tinyActivations.dropLast()))
        #expect(status == 0)
        let text = output.standardOutput
        #expect(text.contains("saturated 1") && text.contains("dead 3"))
        #expect(text.contains("• σ = 1   × σ = 0.01   o Xavier   + He"))
        #expect(text.contains("activations.html"))
    }

    @Test func activationsSameSeedSameJSON() throws {
        let a = try Self.run(Self.tinyActivations + ["--seed", "9"]).output.standardOutput
        let b = try Self.run(Self.tinyActivations + ["--seed", "9"]).output.standardOutput
        let c = try Self.run(Self.tinyActivations + ["--seed", "10"]).output.standardOutput
        #expect(Self.withoutReport(a) == Self.withoutReport(b))
        #expect(Self.withoutReport(a) != Self.withoutReport(c))
    }

    @Test func activationsWritesTheReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, _) = runGradLab(Self.tinyActivations + ["--out", folder.path])
        #expect(status == 0)
        let html = try String(contentsOf: folder.appendingPathComponent("activations.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 15)  // 12 histograms + 3 by-layer charts
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("activations-sigmoid-xavier.svg").path))
    }

    static let tinyDepth = ["depth", "--hidden-layers", "10", "--width", "12", "--iterations", "3", "--batch", "10",
                            "--probe", "40", "--json"]

    /// Ten sigmoid layers with σ = 0.01 and 12 units shrink the gradient by about ¼ · 0.01 · √12
    /// ≈ 0.009 per layer: nine layers, about 10⁻¹⁸. ReLU with He keeps it within 10² either way.
    @Test func depthJSONShowsTheVanishing() throws {
        let (status, output) = try Self.run(Self.tinyDepth, data: true)
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.count == 6)
        let sigmoid = try #require(runs.first { $0["name"] as? String == "sigmoid, σ = 0.01" })
        let relu = try #require(runs.first { $0["name"] as? String == "ReLU, He" })
        #expect((sigmoid["initialRatio"] as? Double ?? 1) < 1e-12)
        let reluRatio = try #require(relu["initialRatio"] as? Double)
        #expect(reluRatio > 1e-2 && reluRatio < 1e2)
        let norms = try #require(sigmoid["initialNorms"] as? [Double])
        #expect(norms.count == 11)
        #expect(abs((sigmoid["initialRatio"] as? Double ?? 0) / (norms[0] / norms[9]) - 1) < 1e-12)
        let training = try #require(sigmoid["training"] as? [String: Any])
        #expect(training["iterations"] as? Int == 3)
    }

    static let tinyOverfitting = ["overfitting", "--train-size", "40", "--hidden-layers", "2", "--width", "10",
                                  "--epochs", "5", "--batch", "10", "--json"]

    @Test func overfittingJSONFollowsTheBooksLoop() throws {
        let (status, output) = try Self.run(Self.tinyOverfitting, data: true)
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        #expect(json["iterations"] as? Int == 17)  // (5 − 1) · 40/10 + 1
        #expect(json["testImages"] as? Int == 20)
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.map { $0["name"] as? String ?? "" } == ["plain", "weight decay λ = 0.1", "dropout p = 0.2"])
        for run in runs {
            let epochs = try #require(run["epochs"] as? [[String: Any]])
            #expect(epochs.map { $0["iteration"] as? Int ?? -1 } == [0, 4, 8, 12, 16])
            let train = try #require(run["finalTrainAccuracy"] as? Double), test = try #require(run["finalTestAccuracy"] as? Double)
            #expect(abs((run["gap"] as? Double ?? .nan) - (train - test)) < 1e-15)
            // Accuracies on 40 and 20 images are whole counts over 40 and 20.
            #expect(abs(train * 40 - (train * 40).rounded()) < 1e-9 && abs(test * 20 - (test * 20).rounded()) < 1e-9)
        }
    }

    @Test func overfittingSameSeedSameOutput() throws {
        let a = try Self.run(Self.tinyOverfitting + ["--seed", "3"], data: true).output.standardOutput
        let b = try Self.run(Self.tinyOverfitting + ["--seed", "3"], data: true).output.standardOutput
        let c = try Self.run(Self.tinyOverfitting + ["--seed", "4"], data: true).output.standardOutput
        #expect(!a.isEmpty)
        #expect(Self.withoutReport(a) == Self.withoutReport(b))
        #expect(Self.withoutReport(a) != Self.withoutReport(c))
    }

    @Test func batchnormJSONHasThePairs() throws {
        let (status, output) = try Self.run(["batchnorm", "--train-size", "40", "--hidden-layers", "2", "--width", "10",
                                             "--epochs", "3", "--batch", "10", "--scales", "3", "--json"], data: true)
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let scales = try #require(json["scales"] as? [[String: Any]])
        // logspace(0, -4, 3) = 1, 0.01, 0.0001.
        let sigmas = scales.map { $0["sigma"] as? Double ?? 0 }
        #expect(sigmas.count == 3)
        for (sigma, expected) in zip(sigmas, [1, 0.01, 0.0001]) { #expect(abs(sigma / expected - 1) < 1e-12) }
        for scale in scales {
            for key in ["plain", "batchNorm"] {
                let run = try #require(scale[key] as? [String: Any])
                #expect((run["epochs"] as? [[String: Any]])?.count == 3)
                #expect(run["finalTestAccuracy"] == nil)
            }
        }
    }

    @Test func studiesTextHasTableAndChart() throws {
        let depth = try Self.run(Array(Self.tinyDepth.dropLast()), data: true)
        #expect(depth.status == 0)
        #expect(depth.output.standardOutput.contains("‖∂W₁‖/‖∂W_L‖ at start"))
        #expect(depth.output.standardOutput.contains("training loss (smoothed, log)"))
        let overfitting = try Self.run(Array(Self.tinyOverfitting.dropLast()), data: true)
        #expect(overfitting.status == 0)
        #expect(overfitting.output.standardOutput.contains("gap") && overfitting.output.standardOutput.contains("accuracy against the epoch"))
        let batchnorm = try Self.run(["batchnorm", "--train-size", "40", "--hidden-layers", "1", "--width", "5", "--epochs", "2",
                                      "--batch", "10", "--scales", "2"], data: true)
        #expect(batchnorm.status == 0)
        #expect(batchnorm.output.standardOutput.contains("BatchNorm") && batchnorm.output.standardOutput.contains("σ on a log axis"))
    }

    @Test func usageMistakesNameTheOption() throws {
        let dropout = try Self.run(["overfitting", "--dropout", "1.5"])
        #expect(dropout.status == 2)
        #expect(dropout.output.standardError.contains("--dropout"))
        let scales = try Self.run(["batchnorm", "--scales", "0"])
        #expect(scales.status == 2)
        #expect(scales.output.standardError.contains("--scales"))
        let tooMany = try Self.run(["overfitting", "--train-size", "100"], data: true)
        #expect(tooMany.status == 2)
        #expect(tooMany.output.standardError.contains("--train-size") && tooMany.output.standardError.contains("80"))
        let probe = try Self.run(["depth", "--probe", "500"], data: true)
        #expect(probe.status == 1)
        #expect(probe.output.standardError.contains("--probe 500"))
        let depth = try Self.run(["activations", "--depth", "0"])
        #expect(depth.status == 2)
        #expect(depth.output.standardError.contains("--depth"))
    }

    @Test func helpShowsTheBooksDefaults() {
        for (command, text) in [("activations", "1000"), ("depth", "300"), ("overfitting", "201"), ("batchnorm", "16")] {
            let (status, output) = runGradLab([command, "--help"])
            #expect(status == 0)
            #expect(output.standardOutput.contains(text), "\(command)")
        }
    }

    @Test func longDescriptionsWrapAtTheirCommas() {
        let specification = "affine 100, sigmoid, residual(affine 100, sigmoid), residual(affine 100, sigmoid), affine 10"
        let wrapped = StudySupport.wrapped(specification, width: 35)
        #expect(wrapped == "affine 100, sigmoid,\n  residual(affine 100, sigmoid),\n  residual(affine 100, sigmoid),\n  affine 10")
        // Joined back, the lines are the description again.
        #expect(wrapped.replacingOccurrences(of: ",\n  ", with: ", ") == specification)
        #expect(StudySupport.wrapped("affine 10") == "affine 10")
    }

    @Test func anEmptyNoteColumnIsDropped() {
        let empty = StudySupport.droppingEmptyNotes((["run", "acc", "note"], [["a", "1", ""], ["b", "2", ""]]))
        #expect(empty.header == ["run", "acc"] && empty.rows == [["a", "1"], ["b", "2"]])
        let kept = StudySupport.droppingEmptyNotes((["run", "note"], [["a", ""], ["b", "diverged at iteration 5"]]))
        #expect(kept.header == ["run", "note"] && kept.rows.count == 2 && kept.rows[1].count == 2)
    }
}

// train and gradcheck with the deep-network options: losses, weight decay, clipping, validation,
// early stopping, augmentation, and the mistakes a user can make with them.

import Foundation
import GradLab
import Testing
@testable import GradLabCommands

@Suite("Deep-network options of train and gradcheck", .serialized)
struct DeepCommandTests {
    @Test(arguments: [
        (["train", "--clip-norm", "0"], "error: --clip-norm: '0' is not a positive number; for example --clip-norm 1.0\n"),
        (["train", "--clip-global-norm=-1"], "error: --clip-global-norm: '-1' is not a positive number; for example --clip-global-norm 5.0\n"),
        (["train", "--early-stopping", "0"], "error: --early-stopping: 0 is out of range; give a value from 1 to 1000000, for example --early-stopping 3\n"),
        (["train", "--loss", "hinge"], nil),
    ])
    func usageMistakesExitTwo(arguments: [String], message: String?) {
        let (status, output) = runGradLab(arguments)
        #expect(status == 2)
        if let message { #expect(output.standardError == message) }
        #expect(output.standardError.contains(String(arguments[1].prefix { $0 != "=" })))
        #expect(output.standardOutput.isEmpty)
    }

    @Test func validationSplitMustLeaveImagesOnBothSides() {
        for value in ["1", "0"] {
            let (status, output) = runGradLab(["train", "--validation-split", value])
            #expect(status == 2)
            #expect(output.standardError.contains("--validation-split"), "\(output.standardError)")
        }
    }

    @Test func optionsThatNeedEachOtherSaySo() {
        let clips = runGradLab(["train", "--clip-norm", "1", "--clip-value", "1"])
        #expect(clips.status == 2)
        #expect(clips.output.standardError == "error: give one of --clip-value, --clip-norm and --clip-global-norm, not several\n")
        let patience = runGradLab(["train", "--early-stopping", "3"])
        #expect(patience.status == 2)
        #expect(patience.output.standardError == "error: --early-stopping needs a validation set: add --validation-split, e.g. --validation-split 0.1\n")
    }

    @Test(arguments: [
        ("affine 6, dropout 1.5, affine 10", "the rate must be at least 0 and below 1"),
        ("affine 6, dropout -0.1, affine 10", "the rate must be at least 0 and below 1"),
        ("affine 6, residual(affine 6, relu, affine 10", "'(' is not closed"),
        ("affine 6, residual(affine 6, relu, affine 4), affine 10", "a residual block turns 6 features into 4 features"),
    ])
    func networkMistakesAreNamedNotCrashes(specification: String, problem: String) {
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "8", "--network", specification])
        #expect(status == 2)
        #expect(output.standardError.contains(problem), "\(output.standardError)")
    }

    @Test(arguments: LossKind.allCases)
    func gradcheckPassesOnTheDeepNetworkWithEveryLoss(loss: LossKind) throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        // BatchNorm over 4 samples bends the loss sharply: h = 10⁻⁴ leaves a truncation error of
        // about 6·10⁻⁶ in W1; 10⁻⁶ brings it to about 10⁻⁹ (on 3 MNIST images and 50 units the
        // default step already gives 7·10⁻⁷, docs/13-deep-networks.md).
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "12", "--batch", "4", "--step", "1e-6",
                                           "--network", "affine 8, batchnorm, relu, dropout 0.3, residual(affine 8, tanh), affine 10",
                                           "--loss", loss.rawValue, "--sources", "numeric,backprop,tape", "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        #expect(parameters.compactMap { $0["name"] as? String } == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "W3", "b3"])
        for parameter in parameters {
            let error = try #require(parameter["normRelError"] as? Double)
            #expect(error <= 1e-6, "\(loss) \(parameter["name"] ?? "?")")
        }
        let pairs = try #require(json["comparisons"] as? [[String: Any]])
        #expect(pairs.count == 3)
    }

    @Test func gradcheckReportsL1sKinks() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        // 2000 weights of σ = 0.01 against h = 10⁻⁴: about 0.8 % lie within h of 0, where |w| bends.
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "200", "--hidden", "10", "--l1", "0.01",
                                           "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let kinks = try #require(json["kinks"] as? [[String: Any]])
        #expect(!kinks.isEmpty)
        for kink in kinks {
            // λ|w| bends upwards at 0: the slope from the right exceeds the slope from the left
            // (by up to 2λ), and backprop's value is one of the two sides' λ·sign(w) plus the data's part.
            let left = try #require(kink["left"] as? Double), right = try #require(kink["right"] as? Double)
            #expect(right > left && right - left <= 2 * 0.01 * (1 + 1e-3))
        }
        #expect(json["verdict"] as? String == "good")
    }

    @Test func trainingWithEveryDeepOptionWritesItsCurves() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--network", "affine 8, batchnorm, relu, dropout 0.2, affine 10",
                                           "--epochs", "6", "--batch", "16", "--validation-split", "0.2", "--early-stopping", "2",
                                           "--clip-global-norm", "0.5", "--augment", "shift", "--weight-decay", "0.001",
                                           "--optimizer", "adam", "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let validation = try #require(json["validation"] as? [[String: Any]])
        // 80 images, 16 held out: 64 left, 4 batches of 16 per epoch.
        #expect(validation.first?["epoch"] as? Int == 1 && validation.first?["iteration"] as? Int == 3)
        #expect(json["weightDecay"] as? Double == 0.001)
        let norms = try #require(json["gradientNorm"] as? [String: Double])
        #expect(norms["max"]! >= norms["min"]!)
        let csv = try String(contentsOf: out.appendingPathComponent("validation.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == validation.count + 1)
        let loss = try String(contentsOf: out.appendingPathComponent("loss.csv"), encoding: .utf8)
        #expect(loss.hasPrefix("iteration,loss backprop through the layers,gradient norm backprop through the layers\n"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("gradient-norm.svg").path))
    }

    /// A network with convolution or pooling layers trains on its fast path by default and with
    /// `--gradient fast`, and through the layers with `--gradient layers`: the same numbers.
    @Test func convolutionalNetworksTakeTheirFastPath() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        var runs: [[String: Any]] = []
        for gradient in [[], ["--gradient", "fast"], ["--gradient", "layers"]] {
            let (status, output) = runGradLab(["train", "--data", data.path, "--network", "conv 3 2x2, relu, maxpool 2, flatten, affine 10",
                                               "--iterations", "6", "--batch", "8", "--optimizer", "adam", "--json", "--out", out.path] + gradient)
            #expect(status == 0, "\(gradient): \(output.standardError)")
            runs.append(try parseJSON(output.standardOutput))
        }
        #expect(runs.map { $0["gradientSource"] as? String } == ["fast backprop (convolutional layers over buffers)",
                                                                 "fast backprop (convolutional layers over buffers)",
                                                                 "backprop through the layers"])
        #expect(Set(runs.map { $0["finalLoss"] as? Double }).count == 1)
        #expect(Set(runs.map { $0["finalTestAccuracy"] as? Double }).count == 1)
    }

    @Test func gradcheckComputesOnlyTheSourcesAskedFor() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "12", "--network", "affine 8, batchnorm, relu, affine 10",
                                           "--sources", "backprop,tape", "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        // No numerical gradient: no per-parameter table against it, no timing, no Taylor test.
        #expect(json["parameters"] == nil && json["numericSeconds"] == nil && json["taylorSlope"] == nil)
        let pairs = try #require(json["comparisons"] as? [[String: Any]])
        #expect(pairs.count == 1 && pairs[0]["a"] as? String == "backprop" && pairs[0]["b"] as? String == "tape")
        let parameters = try #require(pairs[0]["parameters"] as? [[String: Any]])
        // b1 before BatchNorm: both exact gradients are rounding noise around 0, which is judged good.
        #expect(parameters.allSatisfy { $0["verdict"] as? String == "good" })
        #expect(parameters.first?["worstTape"] != nil)
    }
}

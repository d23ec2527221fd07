import Foundation
import GradLab
@testable import GradLabCommands
import Testing

/// `gradlab autoencoder` on the tiny 4×4 data set (16 pixels), and `gradcheck --target input`.
@Suite("The autoencoder command")
struct AutoencoderCommandTests {
    /// A folder with the tiny data set, and one for the output, both removed by the caller.
    static func folders() throws -> (data: URL, out: URL) {
        let data = try temporaryFolder(), out = try temporaryFolder()
        try writeTinyDataSet(to: data)
        return (data, out)
    }

    @Test func trainsMeasuresAndWritesTheReport() throws {
        let (data, out) = try Self.folders()
        defer { for url in [data, out] { try? FileManager.default.removeItem(at: url) } }
        let model = out.appendingPathComponent("ae.safetensors").path
        let (status, output) = runGradLab(["autoencoder", "--data", data.path, "--encoder", "affine 8, relu, affine 2",
                                           "--decoder", "affine 8, relu, affine 16", "--epochs", "4", "--batch", "16",
                                           "--learning-rate", "0.01", "--noise", "0.1", "--save", model, "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let epochs = try #require(json["epochs"] as? [[String: Any]])
        let losses = epochs.compactMap { $0["testLoss"] as? Double }
        #expect(losses.count == 4 && zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 }, "\(losses)")
        #expect(json["codeSize"] as? Int == 2 && (json["testLoss"] as? Double) == losses.last)
        let pca = try #require(json["pca"] as? [String: Any])
        #expect((pca["testLoss"] as? Double ?? 0) > 0 && pca["codeSize"] as? Int == 2)
        for file in ["autoencoder.html", "autoencoder-images.png", "autoencoder-codes.svg", "autoencoder-loss.svg", "autoencoder-epochs.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        #expect(FileManager.default.fileExists(atPath: model))
        // The standard error has one line per epoch with its test loss.
        #expect(output.standardError.contains("epoch 4: train loss"))
    }

    @Test func badInputIsRefusedOrWarned() throws {
        let (data, out) = try Self.folders()
        defer { for url in [data, out] { try? FileManager.default.removeItem(at: url) } }
        let common = ["--data", data.path, "--epochs", "1", "--out", out.path]
        let noise = runGradLab(["autoencoder", "--noise", "-1"] + common)
        #expect(noise.status == 2 && noise.output.standardError.contains("--noise: -1 is out of range"), "\(noise.output.standardError)")
        let decoder = runGradLab(["autoencoder", "--encoder", "affine 4", "--decoder", "affine 10"] + common)
        #expect(decoder.status == 2)
        #expect(decoder.output.standardError.contains("decoder 'affine 10' ends with 10 outputs; it must end with 16"), "\(decoder.output.standardError)")
        // A --save into a missing folder is refused before the data is read, not after the training.
        let missing = out.appendingPathComponent("no/such/ae.safetensors").path
        let save = runGradLab(["autoencoder", "--save", missing] + common)
        #expect(save.status == 1)
        #expect(save.output.standardError == "error: --save '\(missing)': the folder '\(out.path)/no/such' does not exist; create it first\n")
        #expect(save.output.standardOutput.isEmpty, "nothing trained")
        let wide = runGradLab(["autoencoder", "--encoder", "affine 16", "--decoder", "affine 16"] + common)
        #expect(wide.status == 0, "\(wide.output.standardError)")
        #expect(wide.output.standardError.contains("warning: the encoder's code has 16 numbers, no fewer than the image's 16 pixels"))
    }

    @Test func gradcheckOnAnAutoencoderAgreesThreeWays() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let (status, output) = runGradLab(["gradcheck", "--target", "input", "--random", "--inputs", "12", "--batch", "4",
                                           "--network", "affine 3, tanh, affine 12", "--sources", "numeric,backprop,tape",
                                           "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        #expect(parameters.count == 4)
        for parameter in parameters { #expect((parameter["normRelError"] as? Double ?? 1) <= 1e-6) }
        let pairs = try #require(json["comparisons"] as? [[String: Any]])
        for pair in pairs {
            for parameter in try #require(pair["parameters"] as? [[String: Any]]) {
                #expect((parameter["normRelError"] as? Double ?? 1) <= 1e-6, "\(pair["a"] ?? "") – \(pair["b"] ?? "")")
            }
        }
        let refused = runGradLab(["gradcheck", "--target", "input", "--random", "--inputs", "12", "--loss", "cross-entropy", "--out", out.path])
        #expect(refused.status == 2 && refused.output.standardError.contains("use --loss binary-cross-entropy or --loss mse"))
    }
}

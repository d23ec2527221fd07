import Foundation
@testable import GradLabCommands
import Testing

/// `train` and `gradcheck` on convolutional networks, on the tiny 4×4 data set and random images.
@Suite(.serialized)
struct ConvolutionCommandTests {
    static func remove(_ folder: URL) {
        do { try FileManager.default.removeItem(at: folder) } catch { Issue.record(error) }
    }

    /// A convnet trains on 4×4 images; the report shows the first layer's filters and maps.
    @Test func aConvolutionalNetworkTrainsAndIsPictured() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { Self.remove(root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--network", "conv 2 3x3, relu, maxpool 2, flatten, affine 10",
                                           "--epochs", "2", "--batch", "8", "--optimizer", "adam", "--json", "--out", out.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        // conv: 2 filters of 3·3 + 2 biases; affine: 2 features (1×1×2 after pooling) × 10 + 10.
        #expect(json["parameterCount"] as? Int == 2 * 9 + 2 + 2 * 10 + 10)
        for file in ["filters-before.png", "filters-after.png", "test-image.png", "feature-maps.png"] {
            let bytes = try Data(contentsOf: out.appendingPathComponent(file))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(file) is not a PNG")
        }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("What the first convolution learned"))
        #expect(html.contains("data:image/png;base64,"))
    }

    /// The book's chapter 7 check, on random 6×6 images: numeric, backprop and tape agree.
    @Test func gradcheckOnRandomImages() throws {
        let root = try temporaryFolder()
        defer { Self.remove(root) }
        let (status, output) = runGradLab(["gradcheck", "--random", "--input-shape", "6x6x1", "--network",
                                           "conv 3 3x3, relu, maxpool 2, flatten, affine 10", "--sources", "numeric,backprop,tape",
                                           "--json", "--out", root.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let pairs = try #require(json["comparisons"] as? [[String: Any]])
        #expect(pairs.count == 3)
        for pair in pairs {
            for parameter in try #require(pair["parameters"] as? [[String: Any]]) {
                let error = try #require(parameter["normRelError"] as? Double)
                #expect(error <= 1e-6, "\(pair["a"] ?? "") – \(pair["b"] ?? "") \(parameter["name"] ?? ""): \(error)")
            }
        }
    }

    @Test(arguments: [
        (["train", "--network", "conv 4 3x3, affine 10", "--iterations", "1"], "put 'flatten' before it"),
        (["train", "--network", "maxpool 0, flatten, affine 10", "--iterations", "1"], "pool size from 1"),
        (["gradcheck", "--network", "conv 4 3x3, flatten, affine 10", "--input-shape", "6x6x1"], "give it with --random"),
        (["gradcheck", "--random", "--network", "conv 4 3x3, flatten, affine 10"], "--input-shape HxWxC"),
        (["gradcheck", "--random", "--input-shape", "6x6", "--network", "conv 4 3x3, flatten, affine 10"], "not an image shape"),
    ])
    func mistakesExitWithUsage(arguments: [String], expected: String) {
        let (status, output) = runGradLab(arguments)
        #expect(status == 2)
        #expect(output.standardError.contains(expected), "\(output.standardError)")
    }
}

import Foundation
import Testing

@Suite("gradcheck --sources: every way to the gradient, every pair")
struct GradCheckSourcesTests {
    @Test func everyPairOfFourSources() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #if canImport(_Differentiation)
        let sources = ["numeric", "backprop", "tape", "autodiff"]
        #else
        let sources = ["numeric", "backprop", "tape"]
        #endif
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "12", "--hidden", "5", "--batch", "2",
                                           "--sources", sources.joined(separator: ","), "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let comparisons = try #require(json["comparisons"] as? [[String: Any]])
        // n sources make n(n − 1)/2 pairs, in the order given.
        #expect(comparisons.count == sources.count * (sources.count - 1) / 2)
        #expect(comparisons.first?["a"] as? String == "numeric" && comparisons.first?["b"] as? String == "backprop")
        for pair in comparisons {
            let parameters = try #require(pair["parameters"] as? [[String: Any]])
            #expect(parameters.map { $0["name"] as? String } == ["W1", "b1", "W2", "b2"])
            let exact = pair["a"] as? String != "numeric"
            // The worst element's two values are named after the pair: worstTape, worstNumeric, …
            let (a, b) = (try #require(pair["a"] as? String), try #require(pair["b"] as? String))
            let names = ["worst" + a.prefix(1).uppercased() + a.dropFirst(), "worst" + b.prefix(1).uppercased() + b.dropFirst()]
            for parameter in parameters {
                #expect(names.allSatisfy { parameter.keys.contains($0) }, "\(a)–\(b): \(parameter.keys.sorted())")
                #expect(parameter.keys.filter { $0.hasPrefix("worst") && $0 != "worst" }.count == 2)
                let error = try #require(parameter["normRelError"] as? Double)
                // Two exact methods agree to rounding; against central differences, to about 1e-9.
                #expect(error < (exact ? 1e-12 : 1e-7), "\(pair["a"]!)–\(pair["b"]!) \(parameter["name"]!): \(error)")
            }
        }
    }

    @Test func unknownAndSingleSourcesAreRefused() {
        let unknown = runGradLab(["gradcheck", "--random", "--inputs", "4", "--hidden", "2", "--sources", "numeric,magic"])
        #expect(unknown.status == 2)
        #expect(unknown.output.standardError.contains("unknown gradient 'magic'; choose from numeric, backprop, tape, autodiff"))
        let single = runGradLab(["gradcheck", "--random", "--inputs", "4", "--hidden", "2", "--sources", "tape"])
        #expect(single.status == 2)
        #expect(single.output.standardError.contains("name at least two gradients"))
    }

    /// Every usage mistake exits 2, before any work: a --network that does not parse, a
    /// gradient that cannot handle the network, options that exclude each other.
    @Test func usageMistakesFoundAfterParsingExit2() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let cases: [([String], String)] = [
            (["gradcheck", "--random", "--inputs", "4", "--network", "affine 3, wobble, affine 10"], "--network"),
            (["train", "--data", folder.path, "--network", "affine 3, relu, affine 4, relu, affine 10", "--gradient", "fast", "--batch", "10"],
             "--gradient fast: the fast paths know 'affine N, sigmoid|relu|tanh, affine 10' and networks with convolution or pooling layers"),
            (["train", "--data", folder.path, "--network", "affine 3, relu, affine 10", "--hidden", "5"], "give --network or --hidden, not both"),
            (["train", "--data", folder.path, "--epochs", "1", "--iterations", "5"], "give --iterations or --epochs, not both"),
            (["gradcheck", "--random", "--inputs", "4", "--sources", "numeric,numeric"], "--sources: 'numeric' is named twice"),
        ]
        for (arguments, message) in cases {
            let (status, output) = runGradLab(arguments + ["--out", folder.path])
            #expect(status == 2, "\(arguments): \(output.standardError.replacingOccurrences(of: "\n", with: " | "))")
            #expect(output.standardError.contains("error: ") && output.standardError.contains(message), "\(arguments): \(output.standardError.replacingOccurrences(of: "\n", with: " | "))")
            #expect(output.standardOutput.isEmpty, "\(arguments): nothing done")
        }
    }
}

@Suite("gradlab derivative: Double, Float and the complex step")
struct DerivativePrecisionTests {
    @Test func squireAndTrappsFunctionAtOnePointFive() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["derivative", "--function", "squire-trapp", "--at", "1.5", "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        // The issue's figure: f′(1.5) = 4.05342789389862 (15 digits).
        let exact = try #require(json["exact"] as? Double)
        #expect(abs(exact - 4.05342789389862) < 1e-14)
        // The complex step reaches rounding; the central difference cannot get below about 1e-11.
        let complex = try #require(json["complexStep"] as? [[String: Any]]).compactMap { $0["error"] as? Double }
        #expect((complex.min() ?? 1) <= 1e-15)
        let rows = try #require(json["rows"] as? [[String: Any]])
        let central = rows.compactMap { $0["central"] as? Double }
        #expect((central.min() ?? 0) > 1e-12)
        // In Float the central difference's best step is near ∛ε_F ≈ 4.9e-3, far above Double's.
        let floatBest = try #require((json["floatBestSteps"] as? [String: Any])?["central"] as? [String: Any])
        let h = try #require(floatBest["h"] as? Double)
        #expect(h >= 1e-4 && h <= 1e-2, "Float's best central step \(h)")
        #expect(abs((floatBest["theory"] as? Double ?? 0) - 4.92e-3) < 1e-5)
    }
}

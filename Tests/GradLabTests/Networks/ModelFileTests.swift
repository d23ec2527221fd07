import Foundation
import GradLab
import GradLabData
import Testing

/// A whole model in one safetensors file, and weights alone, saved and loaded.
struct ModelFileTests {
    static let specification = "affine 6, batchnorm, relu, residual(affine 6, tanh, affine 6), dropout 0.3, affine 3"

    /// A trained-looking network: a few training steps move the weights and BatchNorm's statistics.
    static func trainedNetwork() throws -> Sequential {
        var network = try Sequential(specification: specification, inputSize: 4, outputSize: 3, seed: 5,
                                     loss: .crossEntropy, weightDecay: WeightDecay(l2: 0.01, l1: 0.002))
        let x = Tensor(shape: [5, 4], scalars: (0..<20).map { Double($0 % 7) / 7 - 0.3 })
        let t = Tensor([0, 2, 1, 1, 0])
        for _ in 0..<3 {
            let (_, gradient) = network.trainingGradient(x, t)
            network.parameters.update(with: gradient) { _, w, g in w.update(with: g) { $0 - 0.5 * $1 } }
        }
        return network
    }

    static let probe = Tensor(shape: [2, 4], scalars: [0.1, -0.4, 0.9, 0.3, 0.7, 0.2, -0.1, 0.5])

    @Test func aModelLoadsWithoutTheCodeThatBuiltItToTheBit() throws {
        let network = try Self.trainedNetwork()
        let model = ModelFile(network: network, specification: Self.specification, inputSize: 4, outputSize: 3)
        let file = model.safetensors()
        #expect(file.entries.map(\.name) == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "W3", "b3", "W4", "b4",
                                             "running_mean1", "running_var1"])
        #expect(file.metadata["network"] == Self.specification)
        #expect(file.metadata["loss"] == "cross-entropy")
        #expect(file.metadata["weight_decay_l2"] == "0.01")

        let loaded = try ModelFile(Safetensors(bytes: file.encoded(), name: "m.safetensors"), name: "m.safetensors")
        #expect(loaded.specification == Self.specification)
        #expect(loaded.inputSize == 4 && loaded.outputSize == 3)
        #expect(loaded.network.weightDecay == WeightDecay(l2: 0.01, l1: 0.002))
        #expect(loaded.network.parameters == network.parameters)
        #expect(loaded.network.state == network.state)
        // The running statistics really moved (they start at 0 and 1), so the test compares something.
        #expect(network.state["running_mean1"].scalars.contains { $0 != 0 })
        #expect(loaded.network.predict(Self.probe).scalars.map(\.bitPattern) == network.predict(Self.probe).scalars.map(\.bitPattern))
    }

    @Test func float32KeepsSevenDigits() throws {
        let network = try Self.trainedNetwork()
        let file = ModelFile(network: network, specification: Self.specification, inputSize: 4, outputSize: 3).safetensors(dtype: .f32)
        #expect(file.encoded().count < network.weightsFile().encoded().count)
        let loaded = try ModelFile(Safetensors(bytes: file.encoded(), name: "m32"), name: "m32").network
        for (a, b) in zip(loaded.parameters.tensors, network.parameters.tensors) {
            #expect(a.scalars == b.scalars.map { Double(Float($0)) })
        }
        let difference = zip(loaded.predict(Self.probe).scalars, network.predict(Self.probe).scalars).map { abs($0 - $1) }.max() ?? 1
        #expect(difference > 0 && difference < 1e-6)
    }

    @Test func weightsOnlyLoadIntoTheSameLayers() throws {
        let network = try Self.trainedNetwork()
        var fresh = try Sequential(specification: Self.specification, inputSize: 4, outputSize: 3, seed: 99)
        #expect(fresh.parameters != network.parameters)
        try fresh.loadWeights(from: network.weightsFile(), name: "w.safetensors")
        #expect(fresh.parameters == network.parameters)
        #expect(fresh.state == network.state)
    }

    /// The problem `loadWeights` reports, checking that the file is named and the network unchanged.
    static func weightsProblem(_ file: Safetensors) throws -> String? {
        var network = try Sequential(specification: "affine 3, batchnorm, affine 2", inputSize: 2, outputSize: 2)
        let before = network.parameters
        do {
            try network.loadWeights(from: file, name: "w.safetensors")
            return nil
        } catch {
            #expect(error.file == "w.safetensors")
            #expect(network.parameters == before)
            return error.problem
        }
    }

    @Test func badWeightsAreNamed() throws {
        let good = try Sequential(specification: "affine 3, batchnorm, affine 2", inputSize: 2, outputSize: 2).weightsFile()
        #expect(try Self.weightsProblem(good) == nil)
        var missing = good
        missing.entries.removeAll { $0.name == "running_var1" }
        #expect(try Self.weightsProblem(missing) == #"no tensor "running_var1"; the network needs [3] there"#)
        var extra = good
        extra.entries.append(Safetensors.Entry(name: "W9", shape: [1], scalars: [1]))
        #expect(try Self.weightsProblem(extra)?.hasPrefix(#"tensor "W9" [1] is not in the network, whose tensors are W1, b1, gamma1"#) == true)
        var misshapen = good
        misshapen.entries[0] = Safetensors.Entry(name: "W1", shape: [3, 2], scalars: Array(repeating: 0, count: 6))
        #expect(try Self.weightsProblem(misshapen) == #"tensor "W1" is [3, 2], but the network's is [2, 3]"#)
        for bad in [Double.nan, .infinity, -.infinity] {
            var notFinite = good
            notFinite.entries[1].scalars[2] = bad
            #expect(try Self.weightsProblem(notFinite) == #"tensor "b1" holds \#(bad) at element 2; weights must be finite"#)
        }
    }

    @Test func badDescriptionsAreNamed() throws {
        let good = ModelFile(network: try Sequential(specification: "affine 2", inputSize: 2, outputSize: 2),
                             specification: "affine 2", inputSize: 2, outputSize: 2).safetensors()
        func problem(_ change: (inout Safetensors) -> Void) -> String? {
            var file = good
            change(&file)
            do {
                _ = try ModelFile(file, name: "m.safetensors")
                return nil
            } catch {
                #expect(error.file == "m.safetensors")
                return error.problem
            }
        }
        #expect(problem { _ in } == nil)
        let unknown = problem { $0.metadata["network"] = "affine 2, wobble" } ?? ""
        #expect(unknown.hasPrefix("the network in __metadata__ does not build: network: unknown layer 'wobble'; known layers: affine N, sigmoid, relu, leaky-relu, tanh, batchnorm, dropout P, "))
        #expect(unknown.contains("conv F KxK") && unknown.hasSuffix(", residual(…)"))
        #expect(problem { $0.metadata["network"] = "affine 3" }?.hasPrefix("the network in __metadata__ does not build: network 'affine 3' ends with 3 outputs") == true)
        #expect(problem { $0.metadata["loss"] = "hinge" } == #"__metadata__ loss is "hinge"; known: cross-entropy, mse, binary-cross-entropy"#)
        #expect(problem { $0.metadata["input_size"] = "-4" } == #"__metadata__ input_size is "-4", not a whole number from 1 to 1000000"#)
        #expect(problem { $0.metadata["weight_decay_l1"] = "nan" } == #"__metadata__ weight_decay_l1 is "nan", not a finite number ≥ 0"#)
        #expect(problem { $0.metadata["gradlab.format"] = "model 2" } == #"gradlab.format is "model 2"; this GradLab reads "model 1""#)
        #expect(problem { $0.metadata.removeValue(forKey: "output_size") }?.hasPrefix(#"no "output_size" in __metadata__"#) == true)
        #expect(problem { $0.entries[0].shape = [1, 4] } == #"tensor "W1" is [1, 4], but the network's is [2, 2]"#)
    }
}

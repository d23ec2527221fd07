import Foundation
import GradLabData

/// A whole model in one safetensors file, as `keras.models.load_model` reads one: the weights,
/// BatchNorm's running statistics, and in `__metadata__` everything needed to build the network
/// again without the code that built it.
///
/// ```
/// tensors        W1, b1, gamma1, beta1, running_mean1, running_var1, W2, b2, …  (the network's names)
/// __metadata__   gradlab.format  "model 1"
///                network         "affine 100, batchnorm, relu, affine 10"   (the --network text)
///                input_size      "784"          output_size  "10"
///                input_shape     "28,28,1"      (images and sequences only: one sample's shape)
///                loss            "cross-entropy"
///                weight_decay_l2 "0.0"          weight_decay_l1  "0.0"
/// ```
///
/// ```swift
/// let model = ModelFile(network: net, specification: "affine 100, relu, affine 10", inputSize: 784, outputSize: 10)
/// try model.safetensors().write(to: url)
/// let again = try ModelFile(Safetensors.load(contentsOf: url), name: "m.safetensors")
/// again.network.predict(x) == net.predict(x)      // true, to the bit, in float64
/// ```
///
/// Loading builds the network from its description (so a layer the description names must be
/// known: the library's, or those passed as `kinds`), then replaces every weight and running
/// statistic with the file's. Dropout's generators start again from the description's seed:
/// they decide nothing at inference.
public struct ModelFile: Sendable {
    /// The network.
    public var network: Sequential
    /// Its description, as `Sequential(specification:…)` reads it.
    public var specification: String
    /// Features per sample (784 for MNIST).
    public var inputSize: Int
    /// Outputs of the last layer (10 classes for MNIST).
    public var outputSize: Int

    /// The value of `gradlab.format` this version writes and reads.
    public static let formatVersion = "model 1"

    /// Creates the model of a network and its description.
    ///
    /// - Precondition: the network has a loss layer of a `LossKind` (a file could not name any other).
    public init(network: Sequential, specification: String, inputSize: Int, outputSize: Int) {
        precondition(LossKind(network.lossLayer) != nil, "ModelFile: the loss layer \(network.lossLayer.summaryName) has no LossKind name")
        self.network = network
        self.specification = specification
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    /// The model as a safetensors file: the network's weights and state, and its description.
    ///
    /// - Parameter dtype: `.f64` (the default) keeps every bit; `.f32` halves the file.
    public func safetensors(dtype: Safetensors.DType = .f64) -> Safetensors {
        var file = network.weightsFile(dtype: dtype)
        let loss = LossKind(network.lossLayer) ?? .crossEntropy
        file.metadata = [
            "gradlab.format": Self.formatVersion,
            "network": specification,
            "input_size": String(inputSize),
            "output_size": String(outputSize),
            "loss": loss.rawValue,
            "weight_decay_l2": String(network.weightDecay.l2),
            "weight_decay_l1": String(network.weightDecay.l1),
        ]
        // Images and sequences: the shape of one sample, "28,28,1" (a dense network's is its size).
        if let shape = network.inputShape, shape.count > 1 {
            file.metadata["input_shape"] = shape.map(String.init).joined(separator: ",")
        }
        return file
    }

    /// Reads a model from a safetensors file written by ``safetensors(dtype:)``.
    ///
    /// - Parameters:
    ///   - file: The parsed file.
    ///   - name: The file name shown in error messages.
    ///   - kinds: The layer names the description may use (the library's by default).
    /// - Throws: ``DataError`` naming `name` if the metadata lacks an entry or holds a bad value,
    ///   the description does not build a network, or a tensor is missing, extra, of another
    ///   shape, or holds NaN or an infinity.
    public init(_ file: Safetensors, name: String, kinds: [LayerKind] = LayerKind.standard) throws(DataError) {
        try self.init(file, name: name, kinds: kinds, format: Self.formatVersion)
    }

    /// Reads the model part of a file whose `gradlab.format` is `format` (a checkpoint's network
    /// is written as a model is, in a file of another format).
    init(_ file: Safetensors, name: String, kinds: [LayerKind], format expectedFormat: String) throws(DataError) {
        func failure(_ problem: String) -> DataError { DataError(file: name, problem: problem) }
        func value(_ key: String) throws(DataError) -> String {
            guard let value = file.metadata[key] else {
                throw failure("no \"\(key)\" in __metadata__; a GradLab model file has gradlab.format, network, input_size, "
                              + "output_size, loss, weight_decay_l2 and weight_decay_l1 (a weights-only file loads with --weights)")
            }
            return value
        }
        func size(_ key: String) throws(DataError) -> Int {
            let text = try value(key)
            guard let size = Int(text), (1...1_000_000).contains(size) else {
                throw failure("__metadata__ \(key) is \"\(text)\", not a whole number from 1 to 1000000")
            }
            return size
        }
        func lambda(_ key: String) throws(DataError) -> Double {
            let text = try value(key)
            guard let lambda = Double(text), lambda.isFinite, lambda >= 0 else {
                throw failure("__metadata__ \(key) is \"\(text)\", not a finite number ≥ 0")
            }
            return lambda
        }
        let format = try value("gradlab.format")
        guard format == expectedFormat else {
            throw failure("gradlab.format is \"\(format)\"; this GradLab reads \"\(expectedFormat)\"")
        }
        let specification = try value("network")
        let inputSize = try size("input_size")
        var inputShape = [inputSize]
        if let text = file.metadata["input_shape"] {
            let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard sizes.count > 1, sizes.allSatisfy({ ($0 ?? 0) >= 1 }), sizes.reduce(1, { $0 * ($1 ?? 0) }) == inputSize else {
                throw failure("__metadata__ input_shape is \"\(text)\", not sizes like \"28,28,1\" whose product is input_size \(inputSize)")
            }
            inputShape = sizes.map { $0! }
        }
        let outputSize = try size("output_size")
        let lossName = try value("loss")
        guard let loss = LossKind(rawValue: lossName) else {
            throw failure("__metadata__ loss is \"\(lossName)\"; known: \(LossKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let weightDecay = WeightDecay(l2: try lambda("weight_decay_l2"), l1: try lambda("weight_decay_l1"))
        var network: Sequential
        do {
            network = try Sequential(specification: specification, inputShape: inputShape, outputSize: outputSize,
                                     kinds: kinds, loss: loss, weightDecay: weightDecay)
        } catch {
            throw failure("the network in __metadata__ does not build: \(error.description)")
        }
        try network.loadWeights(from: file, name: name)
        self.init(network: network, specification: specification, inputSize: inputSize, outputSize: outputSize)
    }
}

extension Sequential {
    /// The network's weights and state (BatchNorm's running statistics) as a safetensors file,
    /// under their names (W1, b1, …, running_mean1, running_var1), with no description: it loads
    /// only into a network of the same layers (``loadWeights(from:name:)``), as Keras's
    /// `save_weights` and `load_weights`.
    public func weightsFile(dtype: Safetensors.DType = .f64) -> Safetensors {
        let entries = (parameters.named + state.named).map { tensor in
            Safetensors.Entry(name: tensor.name, dtype: dtype, shape: tensor.value.shape, scalars: tensor.value.scalars)
        }
        return Safetensors(entries: entries)
    }

    /// Replaces the weights and state with the file's tensors of the same names.
    ///
    /// Every tensor must be there with the shape the network has, and no other (except that
    /// the file's `__metadata__` is ignored); values must be finite.
    ///
    /// - Throws: ``DataError`` naming `name` and the missing, extra or misshapen tensor, or the
    ///   first value that is NaN or infinite. The network is unchanged when it throws.
    public mutating func loadWeights(from file: Safetensors, name: String) throws(DataError) {
        func failure(_ problem: String) -> DataError { DataError(file: name, problem: problem) }
        let expected = parameters.named + state.named
        let expectedNames = Set(expected.map(\.name))
        if let extra = file.entries.first(where: { !expectedNames.contains($0.name) }) {
            throw failure("tensor \"\(extra.name)\" \(extra.shape) is not in the network, whose tensors are "
                          + expected.map(\.name).joined(separator: ", "))
        }
        var loaded: [Tensor] = []
        for tensor in expected {
            guard let entry = file[tensor.name] else {
                throw failure("no tensor \"\(tensor.name)\"; the network needs \(tensor.value.shape) there")
            }
            guard entry.shape == tensor.value.shape else {
                throw failure("tensor \"\(tensor.name)\" is \(entry.shape), but the network's is \(tensor.value.shape)")
            }
            if let index = entry.scalars.firstIndex(where: { !$0.isFinite }) {
                throw failure("tensor \"\(tensor.name)\" holds \(entry.scalars[index]) at element \(index); weights must be finite")
            }
            loaded.append(Tensor(shape: entry.shape, scalars: entry.scalars))
        }
        let parameterCount = parameters.count
        parameters = Parameters(zip(parameters.names, loaded.prefix(parameterCount)).map { NamedTensor($0, $1) })
        state = Parameters(zip(state.names, loaded.dropFirst(parameterCount)).map { NamedTensor($0, $1) })
    }
}

/// One kind of layer that a network description can name: `affine 512`, `relu`, or a layer a
/// student registers in exercises/.
public struct LayerKind: Sendable {
    /// The name as typed in a description ("affine", "leaky-relu", …).
    public var name: String
    /// Whether the name takes a whole number after it (Affine's output size).
    public var takesSize: Bool
    /// One line for help texts.
    public var help: String
    /// Makes the layer given the width of its input, the number after the name (if any), the
    /// weight initialization and the generator that draws initial weights.
    public var make: @Sendable (_ inputSize: Int, _ size: Int?, _ initialization: WeightInitialization,
                                _ generator: inout SplitMix64) -> any Layer

    /// Creates a kind. A kind without parameters: `LayerKind("softplus", help: "…") { Softplus() }`.
    public init(_ name: String, help: String, make: @escaping @Sendable () -> any Layer) {
        self.name = name
        takesSize = false
        self.help = help
        self.make = { _, _, _, _ in make() }
    }

    /// Creates a kind from all its parts.
    public init(name: String, takesSize: Bool, help: String,
                make: @escaping @Sendable (Int, Int?, WeightInitialization, inout SplitMix64) -> any Layer) {
        self.name = name
        self.takesSize = takesSize
        self.help = help
        self.make = make
    }

    /// The layers the library defines: affine N, sigmoid, relu, leaky-relu, tanh.
    public static let standard: [LayerKind] = [
        LayerKind(name: "affine", takesSize: true, help: "Affine N: y = x·W + b with N outputs") { inputs, size, initialization, generator in
            Affine(inputs: inputs, outputs: size ?? 0, initialization: initialization, using: &generator)
        },
        LayerKind("sigmoid", help: "the logistic sigmoid") { Sigmoid() },
        LayerKind("relu", help: "max(0, x)") { ReLU() },
        LayerKind("leaky-relu", help: "x for x > 0, else 0.01·x") { LeakyReLU() },
        LayerKind("tanh", help: "the hyperbolic tangent") { Tanh() },
    ]
}

/// A mistake in a network description, with what to type instead.
public struct NetworkSpecificationError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public var description: String
}

extension Sequential {
    /// Builds a network from a description such as `"affine 512, relu, affine 10"`: the layers in
    /// order, separated by commas, each a name and, for Affine, its output size. Softmax with the
    /// loss follows the last layer. Weights are drawn in order from one generator seeded with
    /// `seed`, so `"affine 50, sigmoid, affine 10"` is the same network as
    /// `TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: seed)`.
    ///
    /// - Parameters:
    ///   - specification: the description.
    ///   - inputSize: features per sample (784 for MNIST).
    ///   - outputSize: the number of classes the last layer must produce.
    ///   - kinds: the layer names understood (default: `LayerKind.standard`).
    /// - Throws: `NetworkSpecificationError` naming the unknown layer, the missing or extra size,
    ///   or the wrong final width.
    public init(specification: String, inputSize: Int, outputSize: Int, kinds: [LayerKind] = LayerKind.standard,
                initialization: WeightInitialization = .book, seed: UInt64 = 42) throws(NetworkSpecificationError) {
        var generator = SplitMix64(seed: seed)
        var layers: [any Layer] = []
        var width = inputSize
        let names = kinds.map(\.name).joined(separator: ", ")
        for item in specification.split(separator: ",", omittingEmptySubsequences: false) {
            let words = item.split(separator: " ").map(String.init)
            guard let name = words.first?.lowercased() else {
                throw NetworkSpecificationError(description: "network '\(specification)': an empty layer between commas")
            }
            guard let kind = kinds.first(where: { $0.name == name }) else {
                throw NetworkSpecificationError(description: "network: unknown layer '\(name)'; known layers: \(names)")
            }
            var size: Int?
            if kind.takesSize {
                guard words.count == 2, let value = Int(words[1]), (1...1_000_000).contains(value) else {
                    throw NetworkSpecificationError(description: "network: '\(item.trimmingSpaces)' needs one size from 1 to 1000000, e.g. '\(name) 50'")
                }
                size = value
            } else if words.count != 1 {
                throw NetworkSpecificationError(description: "network: '\(name)' takes no size, got '\(item.trimmingSpaces)'")
            }
            let layer = kind.make(width, size, initialization, &generator)
            var probe = layer
            width = probe.forward(Tensor.zeros([1, width])).shape.last ?? width
            layers.append(layer)
        }
        guard !layers.isEmpty else {
            throw NetworkSpecificationError(description: "network: no layers; e.g. --network \"affine 50, sigmoid, affine 10\"")
        }
        guard width == outputSize else {
            throw NetworkSpecificationError(description: "network '\(specification)' ends with \(width) outputs; it must end with \(outputSize) (one per class), e.g. '…, affine \(outputSize)'")
        }
        self.init(layers)
    }
}

extension Substring {
    /// The text without spaces at either end.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

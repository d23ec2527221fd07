/// One kind of layer that a network description can name: `affine 512`, `relu`, `dropout 0.2`,
/// or a layer a student registers in exercises/.
public struct LayerKind: Sendable {
    /// The name as typed in a description ("affine", "leaky-relu", …).
    public var name: String
    /// How it is written, for help texts and error messages: "affine N", "dropout P", "relu".
    public var usage: String
    /// One line for help texts.
    public var help: String
    /// What one sample must look like for the first layer of a network to be of this kind:
    /// whether a network that starts with it reads images, sequences or flat rows.
    public var takes: SampleLayout
    /// Makes the layer from the words after its name, for an input of `context.inputShape`,
    /// drawing initial weights (and seeds) from `context.generator`.
    public var make: @Sendable (_ arguments: LayerArguments, _ context: inout LayerContext)
        throws(NetworkSpecificationError) -> any Layer

    /// Creates a kind from all its parts.
    public init(name: String, usage: String, help: String, takes: SampleLayout = .any,
                make: @escaping @Sendable (LayerArguments, inout LayerContext) throws(NetworkSpecificationError) -> any Layer) {
        self.name = name
        self.usage = usage
        self.help = help
        self.takes = takes
        self.make = make
    }

    /// Creates a kind without parameters or arguments:
    /// `LayerKind("softplus", help: "log(1 + eˣ)") { Softplus() }`.
    public init(_ name: String, help: String, make: @escaping @Sendable () -> any Layer) {
        self.init(name: name, usage: name, help: help) { arguments, _ throws(NetworkSpecificationError) in
            try arguments.noArguments()
            return make()
        }
    }

    /// Creates a kind that takes a size (as `affine N` does) or none, from the input width, the
    /// size, the weight initialization and the generator.
    public init(name: String, takesSize: Bool, help: String,
                make: @escaping @Sendable (Int, Int?, WeightInitialization, inout SplitMix64) -> any Layer) {
        self.init(name: name, usage: takesSize ? "\(name) N" : name, help: help) { arguments, context throws(NetworkSpecificationError) in
            let size: Int? = takesSize ? try arguments.size() : nil
            if !takesSize { try arguments.noArguments() }
            return make(context.inputSize, size, context.initialization, &context.generator)
        }
    }

    /// The layers the library defines: the dense ones, the convolutional ones (images) and the
    /// recurrent ones (sequences). (`residual(…)`, a block of layers, is part of the
    /// description's grammar.)
    public static let standard: [LayerKind] = dense + convolutional + recurrent

    /// The largest size after a name such as `affine N`: an affine layer of a million outputs is
    /// already far beyond any lesson; larger sizes are typing mistakes.
    public static let largestLayerSize = 1_000_000

    /// Layers on flat rows, and those that take any shape: affine N, sigmoid, relu, leaky-relu,
    /// tanh, batchnorm, dropout P.
    public static let dense: [LayerKind] = [
        LayerKind(name: "affine", usage: "affine N", help: "y = x·W + b with N outputs", takes: .features) { arguments, context throws(NetworkSpecificationError) in
            guard context.inputShape.count == 1 else {
                // A sequence [T, H] becomes flat by keeping its last step; an image by flattening.
                let fix = context.inputShape.count == 2 ? "'last' (the last time step)" : "'flatten'"
                throw NetworkSpecificationError(description: "network: '\(arguments.text)' takes flat samples, but the layer before gives shape \(context.inputShape); put \(fix) before it")
            }
            return Affine(inputs: context.inputSize, outputs: try arguments.size(), initialization: context.initialization,
                   using: &context.generator)
        },
        LayerKind("sigmoid", help: "the logistic sigmoid") { Sigmoid() },
        LayerKind("relu", help: "max(0, x)") { ReLU() },
        LayerKind("leaky-relu", help: "x for x > 0, else 0.01·x") { LeakyReLU() },
        LayerKind("tanh", help: "the hyperbolic tangent") { Tanh() },
        LayerKind(name: "batchnorm", usage: "batchnorm", help: "batch normalization of each feature, learned γ and β") { arguments, context throws(NetworkSpecificationError) in
            try arguments.noArguments()
            return BatchNorm(features: context.inputSize)
        },
        LayerKind(name: "dropout", usage: "dropout P", help: "drops each unit with probability P in training (0 ≤ P < 1)") { arguments, context throws(NetworkSpecificationError) in
            Dropout(rate: try arguments.rate(), using: &context.generator)
        },
    ]
}

/// The shape of sample a layer kind takes, which decides how a network that starts with it reads
/// MNIST: a convolution wants images [28, 28, 1], a recurrent layer a sequence [28, 28], an
/// affine layer flat rows [784]; an activation takes anything.
public enum SampleLayout: Sendable, Equatable {
    /// Flat rows of features: [784].
    case features
    /// Images, height × width × channels: [28, 28, 1].
    case images
    /// Sequences, time steps × features per step: [28, 28].
    case sequences
    /// Any shape (activations, dropout, batch normalization).
    case any
}

extension Sequential {
    /// What the first layer that cares about shapes (not an activation) wants, looking inside
    /// `residual(…)`: `.images` for "conv 30 5x5, relu, …", `.features` for "affine 50, …";
    /// `.any` when no layer cares.
    ///
    /// - Throws: the error of a description that does not parse, or names an unknown layer.
    public static func firstLayout(of specification: String, kinds: [LayerKind] = LayerKind.standard) throws(NetworkSpecificationError) -> SampleLayout {
        func layout(_ items: [SpecificationItem]) throws(NetworkSpecificationError) -> SampleLayout {
            for item in items {
                switch item {
                case let .layer(name, _):
                    let takes = try kind(named: name, in: kinds).takes
                    if takes != .any { return takes }
                case let .residual(inner):
                    let found = try layout(inner)
                    if found != .any { return found }
                }
            }
            return .any
        }
        return try layout(items(of: specification))
    }
}

/// The words after a layer's name in a description, with helpers that read them or say what is
/// wrong: `affine 50` has the words ["50"].
public struct LayerArguments: Sendable {
    /// The layer's name as typed.
    public var name: String
    /// The words after the name.
    public var words: [String]
    /// How the kind is written ("affine N"), for messages.
    public var usage: String

    /// Creates the arguments.
    public init(name: String, words: [String], usage: String) {
        self.name = name
        self.words = words
        self.usage = usage
    }

    /// The item as typed, name and words.
    public var text: String { ([name] + words).joined(separator: " ") }

    /// Checks that there are no words after the name.
    public func noArguments() throws(NetworkSpecificationError) {
        guard words.isEmpty else {
            throw NetworkSpecificationError(description: "network: '\(name)' takes nothing after its name, got '\(text)'")
        }
    }

    /// The one whole number after the name (1 to `LayerKind.largestLayerSize`): `affine 50`.
    public func size() throws(NetworkSpecificationError) -> Int {
        let most = LayerKind.largestLayerSize
        guard words.count == 1, let value = Int(words[0]), (1...most).contains(value) else {
            throw NetworkSpecificationError(description: "network: '\(text)' needs one size from 1 to \(most), e.g. '\(name) 50' (\(usage))")
        }
        return value
    }

    /// The one rate after the name, in [0, 1): `dropout 0.2`.
    public func rate() throws(NetworkSpecificationError) -> Double {
        guard words.count == 1, let value = Double(words[0]) else {
            throw NetworkSpecificationError(description: "network: '\(text)' needs one rate P with 0 ≤ P < 1, e.g. '\(name) 0.5' (\(usage))")
        }
        guard value >= 0 && value < 1 else {
            throw NetworkSpecificationError(description: "network: '\(text)': the rate must be at least 0 and below 1 (the share of units dropped), got \(words[0])")
        }
        return value
    }
}

/// What a layer kind knows when it makes its layer: the shape of one input sample, the weight
/// initialization, and the generator for initial weights and seeds.
public struct LayerContext: Sendable {
    /// The shape of one sample reaching the layer, without the batch axis: [784] for MNIST rows.
    public var inputShape: [Int]
    /// How weights are drawn.
    public var initialization: WeightInitialization
    /// Draws initial weights (and Dropout's seeds), in the order of the layers.
    public var generator: SplitMix64

    /// Features per sample: the last axis of `inputShape`.
    public var inputSize: Int { inputShape.last ?? 0 }
}

/// A mistake in a network description, with what to type instead.
public struct NetworkSpecificationError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public var description: String

    /// Creates the error.
    public init(description: String) {
        self.description = description
    }
}

extension Sequential {
    /// Builds a network from a description such as `"affine 512, relu, affine 10"`: the layers in
    /// order, separated by commas, each a name and its arguments (`affine 50`, `dropout 0.2`), and
    /// `residual(…)` around layers that form a skip connection y = x + F(x):
    ///
    /// ```
    /// "affine 100, batchnorm, relu, residual(affine 100, relu, affine 100), dropout 0.2, affine 10"
    /// ```
    ///
    /// The loss layer follows the last layer. Weights are drawn in order from one generator seeded
    /// with `seed`, so `"affine 50, sigmoid, affine 10"` is the same network as
    /// `TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: seed)`.
    ///
    /// - Parameters:
    ///   - specification: the description.
    ///   - inputSize: features per sample (784 for MNIST).
    ///   - outputSize: the number of outputs the last layer must produce (one per class).
    ///   - kinds: the layer names understood (default: `LayerKind.standard`).
    ///   - loss: the loss layer (softmax with cross-entropy by default).
    ///   - weightDecay: the penalty on the weights (none by default).
    /// - Throws: `NetworkSpecificationError` naming the unknown layer, the bad argument, the
    ///   unbalanced parenthesis, the block that changes its input's shape, or the wrong final
    ///   width, and saying what is allowed.
    public init(specification: String, inputSize: Int, outputSize: Int, kinds: [LayerKind] = LayerKind.standard,
                initialization: WeightInitialization = .book, seed: UInt64 = 42, loss: LossKind = .crossEntropy,
                weightDecay: WeightDecay = .none) throws(NetworkSpecificationError) {
        try self.init(specification: specification, inputShape: [inputSize], outputSize: outputSize, kinds: kinds,
                      initialization: initialization, seed: seed, loss: loss, weightDecay: weightDecay)
    }

    /// Builds a network from a description for samples of `inputShape`: [28, 28, 1] for images
    /// (height, width, channels) before `conv …`, [28, 28] for sequences (time steps, features),
    /// [784] for flat rows. The network views each flat batch [N, 784] as [N] + `inputShape`
    /// (`Sequential.inputShape`). Otherwise as `init(specification:inputSize:…)`.
    public init(specification: String, inputShape: [Int], outputSize: Int, kinds: [LayerKind] = LayerKind.standard,
                initialization: WeightInitialization = .book, seed: UInt64 = 42, loss: LossKind = .crossEntropy,
                weightDecay: WeightDecay = .none) throws(NetworkSpecificationError) {
        precondition(!inputShape.isEmpty && inputShape.allSatisfy { $0 > 0 },
                     "Sequential(specification:): input shape \(inputShape) must have positive sizes")
        var context = LayerContext(inputShape: inputShape, initialization: initialization, generator: SplitMix64(seed: seed))
        let items = try Self.items(of: specification)
        let layers = try Self.layers(items, kinds: kinds, context: &context, specification: specification)
        guard !layers.isEmpty else {
            throw NetworkSpecificationError(description: "network: no layers; e.g. --network \"affine 50, sigmoid, affine 10\"")
        }
        guard context.inputShape == [outputSize] else {
            let shape = context.inputShape.count == 1 ? "\(context.inputShape[0]) outputs" : "outputs of shape \(context.inputShape)"
            throw NetworkSpecificationError(description: "network '\(specification)' ends with \(shape); it must end with \(outputSize) (one per class), e.g. '…, affine \(outputSize)'")
        }
        self.init(layers, lossLayer: loss.make(), weightDecay: weightDecay, inputShape: inputShape)
    }

    /// The layers a description builds for samples of `inputShape`, and the shape of what the
    /// last one outputs, with no loss layer and no check of the final width: how an
    /// autoencoder's encoder finds its code size before its decoder is built.
    ///
    /// - Throws: `NetworkSpecificationError` as `init(specification:inputShape:outputSize:…)`
    ///   does, but never for the final width.
    public static func stack(specification: String, inputShape: [Int], kinds: [LayerKind] = LayerKind.standard,
                             initialization: WeightInitialization = .book,
                             seed: UInt64 = 42) throws(NetworkSpecificationError) -> (layers: [any Layer], outputShape: [Int]) {
        precondition(!inputShape.isEmpty && inputShape.allSatisfy { $0 > 0 },
                     "Sequential.stack(specification:): input shape \(inputShape) must have positive sizes")
        var context = LayerContext(inputShape: inputShape, initialization: initialization, generator: SplitMix64(seed: seed))
        let layers = try Self.layers(try Self.items(of: specification), kinds: kinds, context: &context, specification: specification)
        guard !layers.isEmpty else {
            throw NetworkSpecificationError(description: "network '\(specification)': no layers; e.g. \"affine 20\"")
        }
        return (layers, context.inputShape)
    }

    /// One item of a description: a layer with its words, or a residual block of items.
    indirect enum SpecificationItem {
        case layer(name: String, words: [String])
        case residual([SpecificationItem])
    }

    /// Splits a description into items at the commas outside parentheses; `residual(…)` holds
    /// the items inside its parentheses.
    static func items(of text: String) throws(NetworkSpecificationError) -> [SpecificationItem] {
        var pieces: [String] = [""]
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")":
                depth -= 1
                guard depth >= 0 else {
                    throw NetworkSpecificationError(description: "network '\(text)': a ')' closes nothing; blocks are written residual(layers…)")
                }
            case "," where depth == 0:
                pieces.append("")
                continue
            default: break
            }
            pieces[pieces.count - 1].append(character)
        }
        guard depth == 0 else {
            throw NetworkSpecificationError(description: "network '\(text)': '(' is not closed; blocks are written residual(layers…), e.g. residual(affine 50, relu, affine 50)")
        }
        return try pieces.map { piece throws(NetworkSpecificationError) in
            let trimmed = Substring(piece).trimmingSpaces
            guard !trimmed.isEmpty else {
                throw NetworkSpecificationError(description: "network '\(text)': an empty layer between commas")
            }
            if let open = trimmed.firstIndex(of: "(") {
                let name = Substring(trimmed[..<open]).trimmingSpaces.lowercased()
                guard name == "residual", trimmed.hasSuffix(")") else {
                    throw NetworkSpecificationError(description: "network: '\(trimmed)': only residual(…) takes parentheses, e.g. residual(affine 50, relu, affine 50)")
                }
                let inner = String(trimmed[trimmed.index(after: open) ..< trimmed.index(before: trimmed.endIndex)])
                guard !Substring(inner).trimmingSpaces.isEmpty else {
                    throw NetworkSpecificationError(description: "network: 'residual()' is empty; put the block's layers inside, e.g. residual(affine 50, relu, affine 50)")
                }
                return .residual(try items(of: inner))
            }
            let words = trimmed.split(separator: " ").map(String.init)
            return .layer(name: words[0].lowercased(), words: Array(words.dropFirst()))
        }
    }

    /// Makes the layers of `items` in order, moving `context.inputShape` along.
    static func layers(_ items: [SpecificationItem], kinds: [LayerKind], context: inout LayerContext,
                       specification: String) throws(NetworkSpecificationError) -> [any Layer] {
        var layers: [any Layer] = []
        for item in items {
            let layer: any Layer
            switch item {
            case let .layer(name, words):
                let kind = try kind(named: name, in: kinds)
                layer = try kind.make(LayerArguments(name: name, words: words, usage: kind.usage), &context)
            case let .residual(inner):
                let blockInput = context.inputShape
                let block = try Self.layers(inner, kinds: kinds, context: &context, specification: specification)
                guard context.inputShape == blockInput else {
                    throw NetworkSpecificationError(description: "network: a residual block turns \(shapeWords(blockInput)) into \(shapeWords(context.inputShape)); y = x + F(x) needs its layers to keep the shape, e.g. end the block with 'affine \(blockInput.last ?? 0)'")
                }
                layer = Residual(block)
            }
            var probe = layer
            context.inputShape = Array(probe.forward(Tensor.zeros([1] + context.inputShape), mode: .inference).shape.dropFirst())
            layers.append(layer)
        }
        return layers
    }

    /// The kind called `name`, or an error listing the known ones.
    static func kind(named name: String, in kinds: [LayerKind]) throws(NetworkSpecificationError) -> LayerKind {
        guard let kind = kinds.first(where: { $0.name == name }) else {
            let known = kinds.map(\.usage) + ["residual(…)"]
            throw NetworkSpecificationError(description: "network: unknown layer '\(name)'; known layers: \(known.joined(separator: ", "))")
        }
        return kind
    }

    /// "100 features" or "shape [28, 28, 1]".
    private static func shapeWords(_ shape: [Int]) -> String {
        shape.count == 1 ? "\(shape[0]) features" : "shape \(shape)"
    }
}

extension Substring {
    /// The text without spaces at either end.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

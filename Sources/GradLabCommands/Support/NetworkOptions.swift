import GradLab

/// `--network SPEC`, or the book's two-layer network that `--hidden` and `--activation`
/// describe: how `train` and `gradcheck` choose a network.
enum NetworkOptions {
    /// The network's specification: `--network` as given, or `affine H, ACTIVATION, affine N`.
    ///
    /// - Throws: ``ArgumentError`` for a bad value; ``UsageError`` if `--network` is given with
    ///   `--hidden` or `--activation`, which describe the book's network only.
    static func specification(_ arguments: ParsedArguments, network: Option<String?>, hidden: Option<Int>,
                              activation: Option<HiddenActivation>, outputs: Int) throws -> String {
        guard let given = try arguments[network] else {
            return "affine \(try arguments[hidden]), \(try arguments[activation].rawValue), affine \(outputs)"
        }
        for shorthand: any OptionDeclaration in [hidden, activation] where arguments.wasGiven(shorthand) {
            throw UsageError("give --network or --\(shorthand.definition.name), not both "
                               + "(--hidden and --activation describe the book's network)")
        }
        return given
    }

    /// The shape of one sample for the network `specification` describes, from what its first
    /// shape-minded layer takes: images [rows, columns, channels] for `conv …` and the pooling
    /// layers, sequences [rows, columns] for `rnn …` and `lstm …` read with `--sequence`, flat
    /// rows [size] for `affine …` (and for activations only).
    ///
    /// - Parameters:
    ///   - size: numbers per sample (784 for MNIST).
    ///   - image: the shape of one image [rows, columns, channels] when the samples are images,
    ///     nil for random vectors.
    ///   - sequence: `--sequence`, if given (with `columns`, `specification` already starts
    ///     with `swap-axes`: ``SequenceReading/specification(_:)``).
    /// - Throws: ``UsageError`` for a description that does not parse, wants images or
    ///   sequences of samples that are not, or wants sequences without `--sequence`; and for
    ///   `--sequence` with a network that does not start with a recurrent layer.
    static func inputShape(for specification: String, size: Int, image: [Int]?, sequence: SequenceReading? = nil) throws -> [Int] {
        let layout: SampleLayout
        do {
            layout = try Sequential.firstLayout(of: specification, kinds: LayerCatalog.all)
        } catch {
            throw UsageError("--\(error.description)")
        }
        if let sequence, layout != .sequences {
            throw UsageError("--sequence \(sequence.rawValue) reads images as sequences for a network that starts with a recurrent "
                               + "layer (rnn H or lstm H); --network \"\(specification)\" does not: drop --sequence")
        }
        switch layout {
        case .features, .any:
            return [size]
        case .images:
            guard let image else {
                throw UsageError("--network \"\(specification)\" starts with a layer that takes images, but the samples are "
                                   + "\(size) numbers with no rows and columns; use MNIST's images, or random ones with --input-shape HxWxC")
            }
            return image
        case .sequences:
            // A sequence is an image of one channel read row by row: [rows, columns].
            guard let image, image.count == 3, image[2] == 1 else {
                throw UsageError("--network \"\(specification)\" starts with a layer that takes sequences, but the samples are "
                                   + "\(size) numbers with no rows and columns of one channel; use MNIST's images, or random ones "
                                   + "with --input-shape HxWx1, with --sequence rows")
            }
            guard sequence != nil else {
                throw UsageError("--network \"\(specification)\" starts with a layer that takes sequences; add --sequence rows "
                                   + "(each image as \(image[0]) time steps of \(image[1]) pixels) or --sequence columns")
            }
            return [image[0], image[1]]
        }
    }

    /// The network `specification` describes, with the library's layers and the student's, for
    /// samples of `inputShape` (``inputShape(for:size:image:)``).
    ///
    /// - Throws: ``UsageError`` (exit 2) naming `--network` and the mistake in the specification.
    static func network(_ specification: String, inputShape: [Int], outputSize: Int,
                        initialization: WeightInitialization = .book, seed: UInt64, loss: LossKind = .crossEntropy,
                        weightDecay: WeightDecay = .none) throws -> Sequential {
        do {
            return try Sequential(specification: specification, inputShape: inputShape, outputSize: outputSize,
                                  kinds: LayerCatalog.all, initialization: initialization, seed: seed, loss: loss,
                                  weightDecay: weightDecay)
        } catch {
            throw UsageError("--\(error.description)")
        }
    }
}

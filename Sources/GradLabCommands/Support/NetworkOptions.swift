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

    /// The network `specification` describes, with the library's layers and the student's.
    ///
    /// - Throws: ``UsageError`` (exit 2) naming `--network` and the mistake in the specification.
    static func network(_ specification: String, inputSize: Int, outputSize: Int,
                        initialization: WeightInitialization = .book, seed: UInt64, loss: LossKind = .crossEntropy,
                        weightDecay: WeightDecay = .none) throws -> Sequential {
        do {
            return try Sequential(specification: specification, inputSize: inputSize, outputSize: outputSize,
                                  kinds: LayerCatalog.all, initialization: initialization, seed: seed, loss: loss,
                                  weightDecay: weightDecay)
        } catch {
            throw UsageError("--\(error.description)")
        }
    }
}

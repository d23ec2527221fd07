import GradLab

/// `--loss`, `--weight-decay` and `--l1`: what `train` and `gradcheck` minimise, declared once.
enum LossOptions {
    /// `--loss`: the network's last layer.
    static let loss = Option<LossKind>(
        "loss", "NAME",
        help: "The loss layer: cross-entropy (softmax with cross-entropy, the default), mse (mean squared error of the scores) or binary-cross-entropy (sigmoid with binary cross-entropy on the logits, each class its own yes/no).",
        default: .crossEntropy)
    /// `--weight-decay λ`: the book's L2 penalty ½λΣW².
    static let weightDecay = Option<Double>(
        "weight-decay", "LAMBDA", help: "L2 penalty ½λΣW² on the weights (not the biases), the book's weight decay.",
        default: 0, range: 0...1e6)
    /// `--l1 λ`: the L1 penalty λΣ|W|.
    static let l1 = Option<Double>("l1", "LAMBDA", help: "L1 penalty λΣ|W| on the weights (not the biases).",
                                   default: 0, range: 0...1e6)

    /// The three, for a command's option list.
    static let all: [any OptionDeclaration] = [loss, weightDecay, l1]

    /// The penalty the options ask for.
    static func weightDecay(_ arguments: ParsedArguments) throws -> WeightDecay {
        WeightDecay(l2: try arguments[weightDecay], l1: try arguments[l1])
    }
}

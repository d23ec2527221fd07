extension LayerKind {
    /// Layers on sequences [time steps, features]: `rnn H` and `lstm H` return every step's
    /// state [T, H], so they stack (`lstm 64, lstm 64`); `last` keeps the final step [H] for the
    /// layers after it; `swap-axes` turns [A, B] into [B, A] (an image read by columns).
    public static let recurrent: [LayerKind] = [
        recurrentKind("rnn", help: "a simple RNN of H tanh units over the time steps, every step's state returned (then 'last')") {
            SimpleRNN(inputs: $0, hidden: $1, using: &$2)
        },
        recurrentKind("lstm", help: "an LSTM of H units (gates i, f, o, g) over the time steps, every step's state returned (then 'last')") {
            LSTM(inputs: $0, hidden: $1, using: &$2)
        },
        LayerKind(name: "last", usage: "last", help: "the last time step of a sequence [T, H] → [H]",
                  takes: .sequences) { arguments, context throws(NetworkSpecificationError) in
            try arguments.noArguments()
            guard context.inputShape.count == 2 else {
                throw NetworkSpecificationError(description: "network: 'last' takes the last time step of a sequence [T, H], but its input is \(shapeWords(context.inputShape)); put it after a recurrent layer, e.g. 'lstm 32, last, affine 10'")
            }
            return Last()
        },
        LayerKind(name: "swap-axes", usage: "swap-axes", help: "each sample [A, B] read as [B, A]: an image's columns as time steps",
                  takes: .sequences) { arguments, context throws(NetworkSpecificationError) in
            try arguments.noArguments()
            guard context.inputShape.count == 2 else {
                throw NetworkSpecificationError(description: "network: 'swap-axes' swaps the two axes of a sample [A, B], but its input is \(shapeWords(context.inputShape))")
            }
            return SwapAxes()
        },
    ]

    /// The largest hidden size of `rnn H` and `lstm H`: an LSTM of 2048 units already has
    /// 2048 × 8192 recurrent weights (134 MB); larger sizes are typing mistakes.
    public static let largestRecurrentSize = 2048

    /// A kind written `NAME H` that makes a recurrent layer of H units for the sequence before it.
    private static func recurrentKind(_ name: String, help: String,
                                      make: @escaping @Sendable (_ inputs: Int, _ hidden: Int, inout SplitMix64) -> any Layer) -> LayerKind {
        LayerKind(name: name, usage: "\(name) H", help: help, takes: .sequences) { arguments, context throws(NetworkSpecificationError) in
            let hidden = try arguments.hiddenSize()
            return make(try sequenceFeatures(arguments, context), hidden, &context.generator)
        }
    }

    /// The features per step of the sequence a recurrent layer reads, or an error naming the
    /// shape it was given instead.
    private static func sequenceFeatures(_ arguments: LayerArguments, _ context: LayerContext) throws(NetworkSpecificationError) -> Int {
        guard context.inputShape.count == 2 else {
            throw NetworkSpecificationError(description: "network: '\(arguments.text)' takes sequences [time steps, features], but its input is \(shapeWords(context.inputShape)); a recurrent layer comes first (on data read as sequences) or after another recurrent layer")
        }
        return context.inputShape[1]
    }

    /// "784 features" or "shape [28, 28, 1]".
    private static func shapeWords(_ shape: [Int]) -> String {
        shape.count == 1 ? "\(shape[0]) features" : "shape \(shape)"
    }
}

extension LayerArguments {
    /// The one hidden size after `rnn` or `lstm`, from 1 to `LayerKind.largestRecurrentSize`.
    func hiddenSize() throws(NetworkSpecificationError) -> Int {
        let most = LayerKind.largestRecurrentSize
        guard words.count == 1, let value = Int(words[0]), (1...most).contains(value) else {
            throw NetworkSpecificationError(description: "network: '\(text)' needs one hidden size from 1 to \(most), e.g. '\(name) 32' (\(usage))")
        }
        return value
    }
}

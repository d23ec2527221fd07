extension TwoLayerNet {
    /// The four tensors of a `TwoLayerNet`, named as in the book (its `params` dictionary), and
    /// equally the shape of a gradient: `grads.W1` is ∂L/∂W1.
    public struct Parameters: Sendable, Equatable {
        /// First layer's weight, inputs × hidden.
        public var W1: Tensor
        /// First layer's bias, one per hidden unit.
        public var b1: Tensor
        /// Second layer's weight, hidden × outputs.
        public var W2: Tensor
        /// Second layer's bias, one per output.
        public var b2: Tensor

        /// Creates the set from its four tensors.
        public init(W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) {
            (self.W1, self.b1, self.W2, self.b2) = (W1, b1, W2, b2)
        }

        /// The names in order: W1, b1, W2, b2.
        public static let names = ["W1", "b1", "W2", "b2"]

        /// Key paths to the four tensors, in the order of `names`.
        public static let keyPaths: [WritableKeyPath<Parameters, Tensor> & Sendable] = [\.W1, \.b1, \.W2, \.b2]

        /// The four tensors with their names, in order.
        public var named: [NamedTensor] {
            zip(Self.names, Self.keyPaths).map { NamedTensor($0, self[keyPath: $1]) }
        }

        /// The total number of scalars (39,760 for 784-50-10).
        public var count: Int { W1.count + b1.count + W2.count + b2.count }

        /// Applies `transform` to each tensor, keeping the names: `grads.map { $0 * 0.1 }`.
        public func map(_ transform: (Tensor) -> Tensor) -> Parameters {
            Parameters(W1: transform(W1), b1: transform(b1), W2: transform(W2), b2: transform(b2))
        }

        /// Checks that the four shapes fit together as I×H, H, H×O, O.
        func validate() {
            precondition(W1.rank == 2 && W2.rank == 2 && b1.shape == [W1.shape[1]]
                         && W2.shape[0] == W1.shape[1] && b2.shape == [W2.shape[1]],
                         "TwoLayerNet.Parameters: shapes W1 \(W1.shape), b1 \(b1.shape), W2 \(W2.shape), b2 \(b2.shape) do not fit")
        }
    }
}

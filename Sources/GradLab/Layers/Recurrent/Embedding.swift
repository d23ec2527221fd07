/// A table of learned vectors, one per token: the input holds token numbers (0 ≤ k < V), and
/// each is replaced by row k of the table. Keras's `Embedding(V, D)`, CS231n's
/// `word_embedding_forward`.
///
/// ```
/// forward:   y[n, t, :] = W[x[n, t], :]            x: N×T of whole numbers, W: V×D, y: N×T×D
/// backward:  dW[k, :]   = Σ over positions with x[n, t] = k of dout[n, t, :]     (a scatter-add)
///            dx         = 0                        (a token number has no slope)
/// ```
///
/// The gradient of a row is the sum of the gradients at every place that token appears, and
/// rows of tokens absent from the batch get 0: numpy writes it `np.add.at(dW, x, dout)`, and a
/// plain `dW[x] += dout` is the classic bug (a token used twice counts once). The input may
/// have any shape; the output adds one axis of D.
///
/// Token numbers are rounded to the nearest whole number, so that a numerical gradient's tiny
/// nudge of x changes nothing, which agrees with dx = 0.
public struct Embedding: Layer {
    /// W, one row of D numbers for each of the V tokens.
    public var table: Tensor
    /// dL/dW from the last `backward`.
    public private(set) var tableGradient: Tensor?
    private var tokens: (indices: [Int], shape: [Int])?

    /// Creates the layer from its table (V×D).
    public init(table: Tensor) {
        precondition(table.rank == 2 && table.shape[0] > 0 && table.shape[1] > 0,
                     "Embedding: the table must be V×D with V, D ≥ 1, got \(table.shape)")
        self.table = table
    }

    /// Creates the layer for `vocabulary` tokens of `dimension` numbers each, drawn from
    /// N(0, 0.01²), the scale of CS231n's `W_embed /= 100`.
    public init(vocabulary: Int, dimension: Int, using generator: inout SplitMix64) {
        precondition(vocabulary > 0 && dimension > 0, "Embedding: sizes must be positive, got \(vocabulary)×\(dimension)")
        self.init(table: Tensor.randomNormal(shape: [vocabulary, dimension], standardDeviation: 0.01, using: &generator))
    }

    /// V, the number of tokens.
    public var vocabulary: Int { table.shape[0] }
    /// D, the numbers per token.
    public var dimension: Int { table.shape[1] }

    /// The token numbers of x, checked: whole numbers (after rounding) in 0..<V.
    func indices(_ x: Tensor) -> [Int] {
        x.scalars.map { value in
            let k = value.rounded()
            precondition(k >= 0 && k < Double(vocabulary),
                         "Embedding.forward: token \(value) is not a whole number from 0 to \(vocabulary - 1)")
            return Int(k)
        }
    }

    /// Row x[n, t] of the table at every position.
    public mutating func forward(_ x: Tensor) -> Tensor {
        let indices = indices(x)
        tokens = (indices, x.shape)
        return table.rows(indices).reshaped(x.shape + [dimension])
    }

    /// dW by scatter-add; returns dx = 0.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let (indices, shape) = tokens else { preconditionFailure("Embedding.backward called before forward") }
        precondition(dout.shape == shape + [dimension], "Embedding.backward: dout \(dout.shape) does not match the output \(shape + [dimension])")
        tableGradient = dout.reshaped([-1, dimension]).scattered(at: indices, alongAxis: 0, intoShape: table.shape)
        return Tensor.zeros(shape)
    }

    /// "W_embed" (CS231n's name).
    public var parameters: [NamedTensor] {
        get { [NamedTensor("W_embed", table)] }
        set { table = NamedParameters.values(newValue, expecting: ["W_embed"], layer: "Embedding")[0] }
    }

    /// The gradient of "W_embed" from the last `backward`.
    public var gradients: [NamedTensor] {
        NamedParameters.gradients([("W_embed", tableGradient)], layer: "Embedding")
    }
}

import GradLab

// The bug hunt's five suspects: layers with a subtle bug in their backward pass. Their forward
// passes are right. Do not read this file before you have named every bug from the checker's
// report (`swift run gradlab check bug-hunt`): the point is to learn what each bug looks like
// from the outside, as you will meet it in your own code.

/// The five suspects of the bug hunt, each a layer with one planted bug in its backward pass.
public enum Suspect: String, CaseIterable, Sendable {
    /// A sigmoid layer.
    case a
    /// A ReLU layer.
    case b
    /// An Affine layer, 4 inputs → 4 outputs.
    case c
    /// An Affine layer, 4 inputs → 3 outputs.
    case d
    /// Softmax with the cross-entropy loss over a batch of 5 samples and 4 classes, as a layer
    /// whose output is the loss.
    case e

    /// What the suspect computes, for the report.
    var description: String {
        switch self {
        case .a: "a sigmoid layer, y = σ(x), on a batch of 2 × 4"
        case .b: "a ReLU layer, y = max(0, x), on a batch of 2 × 4"
        case .c: "an Affine layer, y = x · W + b, with W 4 × 4, on a batch of 5"
        case .d: "an Affine layer, y = x · W + b, with W 4 × 3, on a batch of 5"
        case .e: "softmax with the cross-entropy loss, on a batch of N = 5 samples over C = 4 classes"
        }
    }

    /// The bug planted in it.
    var plantedBug: BackwardBug {
        switch self {
        case .a: .missingOneMinusY
        case .b: .invertedMask
        case .c: .transposedWeightGradient
        case .d: .unsummedBiasGradient
        case .e: .missingDivisionByN
        }
    }

    /// The suspect as a layer, with the input the report runs it on.
    var layer: (layer: any Layer, input: Tensor) {
        var generator = SplitMix64(seed: 21)
        let activationInput = Tensor([[-1.5, 0.4, 2.0, -0.3], [0.8, -0.9, 0.1, 1.2]])
        let batch = Tensor.randomNormal(shape: [5, 4], using: &generator)
        switch self {
        case .a: return (BuggySigmoid(), activationInput)
        case .b: return (BuggyReLU(), activationInput)
        case .c: return (BuggyAffine.transposedWeightGradient(weight: .randomNormal(shape: [4, 4], using: &generator),
                                               bias: .randomNormal(shape: [4], using: &generator)), batch)
        case .d: return (BuggyAffine.unsummedBiasGradient(weight: .randomNormal(shape: [4, 3], using: &generator),
                                             bias: .randomNormal(shape: [3], using: &generator)), batch)
        case .e: return (BuggySoftmaxWithLoss(targets: oneHot([1, 0, 3, 3, 2], classes: 4)), batch)
        }
    }
}

/// Suspect A: dx = dout · y.
struct BuggySigmoid: Layer {
    private var output: Tensor?
    mutating func forward(_ x: Tensor) -> Tensor {
        output = sigmoid(x)
        return output!
    }
    mutating func backward(_ dout: Tensor) -> Tensor { dout * output! }
}

/// Suspect B: dout passes where x ≤ 0.
struct BuggyReLU: Layer {
    private var input: Tensor?
    mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return relu(x)
    }
    mutating func backward(_ dout: Tensor) -> Tensor {
        Tensor(shape: dout.shape, scalars: zip(dout.scalars, input!.scalars).map { $1 <= 0 ? $0 : 0 })
    }
}

/// An Affine layer whose backward is given as (dout, x, W) ↦ (dx, dW, db).
struct BuggyAffine: Layer {
    var weight: Tensor, bias: Tensor
    let rule: @Sendable (Tensor, Tensor, Tensor) -> (Tensor, Tensor, Tensor)
    private var input: Tensor?
    private var grads: (Tensor, Tensor)?

    init(weight: Tensor, bias: Tensor, rule: @escaping @Sendable (Tensor, Tensor, Tensor) -> (Tensor, Tensor, Tensor)) {
        self.weight = weight
        self.bias = bias
        self.rule = rule
    }

    mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return x.matmul(weight) + bias
    }

    mutating func backward(_ dout: Tensor) -> Tensor {
        let (dx, dW, db) = rule(dout, input!, weight)
        grads = (dW, db)
        return dx
    }

    var parameters: [NamedTensor] {
        get { [NamedTensor("W", weight), NamedTensor("b", bias)] }
        set { weight = newValue[0].value; bias = newValue[1].value }
    }

    var gradients: [NamedTensor] { [NamedTensor("W", grads!.0), NamedTensor("b", grads!.1)] }
}

extension BuggyAffine {
    /// Suspect C: dW = (xᵀ · dout)ᵀ.
    static func transposedWeightGradient(weight: Tensor, bias: Tensor) -> BuggyAffine {
        BuggyAffine(weight: weight, bias: bias) { dout, x, W in
            (dout.matmul(W.transposed()), x.transposed().matmul(dout).transposed(), dout.sum(alongAxis: 0))
        }
    }

    /// Suspect D: db = dout, one row per sample.
    static func unsummedBiasGradient(weight: Tensor, bias: Tensor) -> BuggyAffine {
        BuggyAffine(weight: weight, bias: bias) { dout, x, W in
            (dout.matmul(W.transposed()), x.transposed().matmul(dout), dout)
        }
    }
}

/// Suspect E: the loss as a one-element output; backward forgets the 1/N.
struct BuggySoftmaxWithLoss: Layer {
    let targets: Tensor
    private var probabilities: Tensor?

    init(targets: Tensor) {
        self.targets = targets
    }

    mutating func forward(_ x: Tensor) -> Tensor {
        probabilities = softmax(x)
        return Tensor([softmaxCrossEntropy(scores: x, targets)])
    }

    mutating func backward(_ dout: Tensor) -> Tensor { dout[flat: 0] * (probabilities! - targets) }
}

/// How a network draws its initial weights (biases always start at 0).
///
/// Each scheme draws from a normal distribution with mean 0; they differ in the standard
/// deviation σ, given the number of inputs n feeding each unit:
///
/// ```
/// standardDeviation(s)   σ = s               the book's weight_init_std = 0.01
/// xavier                 σ = 1 / √n          Glorot & Bengio (2010), for sigmoid and tanh
/// he                     σ = √(2 / n)        He et al. (2015), for ReLU
/// ```
///
/// Xavier and He keep the variance of the signal roughly constant from layer to layer, so deep
/// networks start neither saturated nor silent.
public enum WeightInitialization: Sendable, Equatable {
    /// A fixed standard deviation for every layer.
    case standardDeviation(Double)
    /// σ = 1/√n (n = inputs to the layer).
    case xavier
    /// σ = √(2/n).
    case he
    /// Uniform in [lower, upper), whatever n: the seeds' NaiveDense draws from [0, 0.1).
    case uniform(lower: Double, upper: Double)

    /// The book's choice, σ = 0.01.
    public static let book = WeightInitialization.standardDeviation(0.01)

    /// The seeds' NaiveDense: uniform in [0, 0.1).
    public static let naiveDense = WeightInitialization.uniform(lower: 0, upper: 0.1)

    /// The standard deviation for a layer with `inputs` inputs: σ of the normal schemes, and
    /// (upper − lower)/√12 for the uniform one.
    public func standardDeviation(inputs: Int) -> Double {
        switch self {
        case .standardDeviation(let value): value
        case .xavier: 1 / Double(inputs).squareRoot()
        case .he: (2 / Double(inputs)).squareRoot()
        case let .uniform(lower, upper): (upper - lower) / 12.0.squareRoot()
        }
    }

    /// Initial weights of a layer with `inputs` inputs and `outputs` outputs, drawn from `generator`.
    public func weights(inputs: Int, outputs: Int, using generator: inout SplitMix64) -> Tensor {
        switch self {
        case let .uniform(lower, upper):
            Tensor.randomUniform(shape: [inputs, outputs], in: lower..<upper, using: &generator)
        default:
            Tensor.randomNormal(shape: [inputs, outputs], standardDeviation: standardDeviation(inputs: inputs), using: &generator)
        }
    }
}

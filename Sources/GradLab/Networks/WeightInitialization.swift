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

    /// The book's choice, σ = 0.01.
    public static let book = WeightInitialization.standardDeviation(0.01)

    /// The standard deviation for a layer with `inputs` inputs.
    public func standardDeviation(inputs: Int) -> Double {
        switch self {
        case .standardDeviation(let value): value
        case .xavier: 1 / Double(inputs).squareRoot()
        case .he: (2 / Double(inputs)).squareRoot()
        }
    }
}

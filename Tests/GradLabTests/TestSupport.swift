import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Named tolerances, each with the reason for its size.
enum Tolerance {
    /// Sums of a handful of products: a few ulps of values of order 1.
    static let rounding = 1e-12
    /// Central difference with h = 10⁻⁴ on smooth functions of order 1: truncation error
    /// h²·f‴/6 ≈ 10⁻⁹ plus round-off ε/h ≈ 10⁻¹², with room for f‴ up to 10.
    static let centralDifference = 1e-7
    /// The book prints 8 significant digits; we compare against its printed figures.
    static let bookDigits = 1e-8
}

/// Asserts two tensors have the same shape and every element within `tolerance` (absolute).
func expectClose(
    _ actual: Tensor, _ expected: Tensor, tolerance: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == expected.shape, "shape \(actual.shape) vs \(expected.shape)",
            sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    for i in 0..<actual.count {
        #expect(abs(actual[flat: i] - expected[flat: i]) <= tolerance,
                "element \(actual.multiIndex(ofFlatIndex: i)): \(actual[flat: i]) vs \(expected[flat: i])",
                sourceLocation: sourceLocation)
    }
}

/// The book's four tensors as a `Parameters`, named W1, b1, W2, b2.
func twoLayerParameters(W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) -> Parameters {
    Parameters([NamedTensor("W1", W1), NamedTensor("b1", b1), NamedTensor("W2", W2), NamedTensor("b2", b2)])
}

/// A seeded tensor of N(0, σ²) samples for tests.
func randomTensor(_ shape: [Int], seed: UInt64, standardDeviation: Double = 1) -> Tensor {
    var generator = SplitMix64(seed: seed)
    return Tensor.randomNormal(shape: shape, standardDeviation: standardDeviation, using: &generator)
}

/// The shipped MNIST, loaded once for every test that trains on it (about 2 s in a debug build).
enum SharedMNIST {
    private static let result = Result { () throws(DataError) -> MNIST in try MNIST.load(from: DataFixtures.mnistDirectory) }

    /// The data set, or the error that loading it gave.
    static func load() throws -> MNIST { try result.get() }
}

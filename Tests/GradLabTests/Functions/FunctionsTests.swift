import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Activation functions and losses")
struct FunctionsTests {
    static let points: [Double] = [-5, -1.5, -0.3, 0.2, 0.7, 2, 6]

    @Test func derivativesMatchTheNumericalDerivative() {
        let pairs: [(String, (Double) -> Double, (Double) -> Double)] = [
            ("sigmoid", { sigmoid($0) }, { sigmoidDerivative($0) }),
            ("relu", { relu($0) }, { reluDerivative($0) }),
            ("leakyReLU", { leakyReLU($0) }, { leakyReLUDerivative($0) }),
            ("tanh", { Foundation.tanh($0) }, { tanhDerivative($0) }),
            ("step", stepFunction, stepFunctionDerivative),
        ]
        for (name, f, derivative) in pairs {
            for x in Self.points {
                let numeric = numericalDerivative(of: f, at: x)
                #expect(abs(numeric - derivative(x)) < Tolerance.centralDifference, "\(name) at \(x)")
            }
        }
    }

    @Test func closedFormValues() {
        #expect(sigmoid(0) == 0.5)
        #expect(abs(sigmoid(1) - 1 / (1 + exp(-1))) < Tolerance.rounding)
        #expect(sigmoid(-800) >= 0 && sigmoid(800) == 1)  // no overflow either way
        #expect(sigmoidDerivative(0) == 0.25)
        #expect(relu(-2) == 0 && relu(3) == 3)
        #expect(leakyReLU(-2, slope: 0.1) == -0.2)
        #expect(stepFunction(Tensor([-1, 0, 2])).scalars == [0, 0, 1])
        #expect(tanh(Tensor([0.5])).scalars == [Foundation.tanh(0.5)])
    }

    @Test func softmaxBookExamples() {
        // The book: softmax([0.3, 2.9, 4.0]) = [0.01821127, 0.24519181, 0.73659691].
        let y = softmax(Tensor([0.3, 2.9, 4.0]))
        expectClose(y, Tensor([0.01821127, 0.24519181, 0.73659691]), tolerance: Tolerance.bookDigits)
        #expect(abs(y.sum() - 1) < Tolerance.rounding)
        // [1010, 1000, 990] overflows without the max trick; the book's stable result:
        // [9.99954600e-01, 4.53978686e-05, 2.06106005e-09].
        let big = softmax(Tensor([1010, 1000, 990]))
        expectClose(big, Tensor([9.99954600e-01, 4.53978686e-05, 2.06106005e-09]), tolerance: Tolerance.bookDigits)
        // Rows of a batch are independent.
        let batch = softmax(Tensor([[0.3, 2.9, 4.0], [1010, 1000, 990]]))
        expectClose(batch.row(0), y, tolerance: 0)
    }

    @Test func crossEntropyBookExamples() {
        let t = Tensor([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        let good = Tensor([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
        let bad = Tensor([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
        // The book prints 0.510825457099338 and 2.302584092994546: −log(0.6 + 10⁻⁷), −log(0.1 + 10⁻⁷).
        #expect(abs(crossEntropyError(good, t) - 0.510825457099338) < 1e-15)
        #expect(abs(crossEntropyError(bad, t) - 2.302584092994546) < 1e-15)
        // Label form and batch averaging give the same numbers.
        #expect(crossEntropyError(good, Tensor([2])) == crossEntropyError(good, t))
        let batch = Tensor(shape: [2, 10], scalars: good.scalars + bad.scalars)
        #expect(abs(crossEntropyError(batch, Tensor([2, 2])) - (0.510825457099338 + 2.302584092994546) / 2) < 1e-15)
    }

    @Test func meanSquaredErrorBookExamples() {
        let t = Tensor([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        let good = Tensor([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
        let bad = Tensor([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
        // By hand: ½(0.01 + 0.0025 + 0.16 + 0.0025 + 0.01 + 0.01) = 0.0975; the book: 0.5975 for the other.
        #expect(abs(meanSquaredError(good, t) - 0.0975) < Tolerance.rounding)
        #expect(abs(meanSquaredError(bad, t) - 0.5975) < Tolerance.rounding)
        let numeric = numericalGradient(of: { meanSquaredError($0, t) }, at: good)
        expectClose(meanSquaredErrorDerivative(good, t), numeric, tolerance: Tolerance.centralDifference)
    }

    @Test func softmaxCrossEntropyIsExactCrossEntropyOfSoftmax() {
        let scores = randomTensor([4, 5], seed: 3)
        let labels = Tensor([0, 4, 2, 2])
        let viaProbabilities = crossEntropyError(softmax(scores), labels, delta: 0)
        #expect(abs(softmaxCrossEntropy(scores: scores, labels) - viaProbabilities) < Tolerance.rounding)
        #expect(softmaxCrossEntropy(scores: scores, oneHot([0, 4, 2, 2], classes: 5))
                == softmaxCrossEntropy(scores: scores, labels))
        // Huge scores: the log-sum-exp form stays finite where log(softmax) would hit log(0).
        let extreme = Tensor([[1000, 0, -1000]])
        #expect(abs(softmaxCrossEntropy(scores: extreme, Tensor([2])) - 2000) < Tolerance.rounding)
    }
}

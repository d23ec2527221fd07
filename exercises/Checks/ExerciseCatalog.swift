import Foundation
import GradLab

/// Every exercise, in order. Each check runs the student's function, the library's own solution,
/// and a known-wrong answer through the same judgement.
public enum ExerciseCatalog {
    /// The exercises in the order of the book.
    public static let all: [Exercise] = [
        numericalDerivative, numericalGradientExercise, multiplyBackward, sigmoidBackward,
        reluBackward, affineBackward, softmaxWithLossBackward, yourLayer,
    ]

    /// The exercise with the given id.
    public static func exercise(id: String) -> Exercise? { all.first { $0.id == id } }

    // MARK: 1. Numerical derivative

    static func checkDerivative(_ implementation: ((Double) -> Double, Double) throws -> Double) -> ExerciseOutcome {
        // exp at x = 1: the central difference with h = 1e-4 is off by h²·e/6 ≈ 5e-9; a forward
        // difference by h·e/2 ≈ 1.4e-4.
        attempt({ try implementation({ exp($0) }, 1) }) { estimate in
            let error = abs(estimate - M_E)
            if error < 1e-7 { return .passed("error \(error) on d/dx eˣ at x = 1") }
            return .failed("d/dx eˣ at x = 1: got \(estimate), exact \(M_E) (error \(error)); "
                           + (error < 1e-3 ? "is this a forward difference? use (f(x+h) − f(x−h)) / 2h" : "check the formula"))
        }
    }

    static let numericalDerivative = Exercise(
        id: "numerical-derivative", title: "Estimate f′(x) by the central difference",
        file: "exercises/Starter/01-NumericalDerivative.swift",
        check: { checkDerivative { try myNumericalDerivative($0, at: $1) } },
        checkReference: { checkDerivative { GradLab.numericalDerivative(of: $0, at: $1) } },
        checkBroken: { checkDerivative { GradLab.numericalDerivative(of: $0, at: $1, scheme: .forward) } })

    // MARK: 2. Numerical gradient

    static func checkGradient(_ implementation: ((Tensor) -> Double, Tensor) throws -> Tensor) -> ExerciseOutcome {
        // f(x) = Σ xᵢ² + x₀·x₅ on a 2×3 tensor: ∇f = 2x, plus x₅ at element 0 and x₀ at element 5.
        let x = Tensor([[3, -1, 0.5], [2, 0, -4]])
        let f: (Tensor) -> Double = { t in t.scalars.reduce(0) { $0 + $1 * $1 } + t[flat: 0] * t[flat: 5] }
        var exact = 2 * x
        exact[flat: 0] += x[flat: 5]
        exact[flat: 5] += x[flat: 0]
        return attempt({ try implementation(f, x) }) { gradient in
            guard gradient.shape == x.shape else { return .failed("gradient has shape \(gradient.shape), x has \(x.shape)") }
            return judge([GradientComparison(name: "x", analytic: exact, numeric: gradient,
                                             roundOffFloor: GradientComparison.roundOffFloor(loss: f(x), h: 1e-4))])
        }
    }

    static let numericalGradientExercise = Exercise(
        id: "numerical-gradient", title: "The numerical gradient of a function of a tensor",
        file: "exercises/Starter/02-NumericalGradient.swift",
        check: { checkGradient { try myNumericalGradient($0, at: $1) } },
        checkReference: { checkGradient { GradLab.numericalGradient(of: $0, at: $1) } },
        checkBroken: { checkGradient { f, x in GradLab.numericalGradient(of: f, at: x).reshaped([-1]) } })

    // MARK: 3. Multiply node

    static func checkMultiply(_ implementation: (Double, Double, Double) throws -> (dx: Double, dy: Double)) -> ExerciseOutcome {
        // The book's apple: 100 yen × 2 apples, upstream 1.1 (the tax): dapple = 2.2, dcount = 110.
        attempt({ try implementation(1.1, 100, 2) }) { result in
            let numericX = GradLab.numericalDerivative(of: { 1.1 * $0 * 2 }, at: 100)
            let numericY = GradLab.numericalDerivative(of: { 1.1 * 100 * $0 }, at: 2)
            if abs(result.dx - numericX) < 1e-6 && abs(result.dy - numericY) < 1e-6 {
                return .passed("dapple = \(result.dx), dcount = \(result.dy), as the book's graph")
            }
            return .failed("for z = x·y with x = 100, y = 2, dout = 1.1: got (\(result.dx), \(result.dy)), expected (\(numericX), \(numericY))")
        }
    }

    static let multiplyBackward = Exercise(
        id: "multiply-backward", title: "Backward through a multiply node",
        file: "exercises/Starter/03-MultiplyNode.swift",
        check: { checkMultiply { try myMultiplyBackward(dout: $0, x: $1, y: $2) } },
        checkReference: { checkMultiply { dout, x, y in
            var node = MultiplyNode()
            _ = node.forward(x, y)
            return node.backward(dout)
        } },
        checkBroken: { checkMultiply { dout, x, y in (dout * x, dout * y) } })

    // MARK: 4–5. Activation layers

    /// A layer whose backward is a student's (or reference) function of the upstream gradient and
    /// what forward remembered.
    struct ActivationLayer: Layer {
        let function: @Sendable (Double) -> Double
        let backwardFunction: @Sendable (Tensor, Tensor, Tensor) throws -> Tensor  // dout, x, y
        private var cache: (x: Tensor, y: Tensor)?

        init(_ function: @escaping @Sendable (Double) -> Double,
             backward: @escaping @Sendable (Tensor, Tensor, Tensor) throws -> Tensor) {
            self.function = function
            backwardFunction = backward
        }

        mutating func forward(_ x: Tensor) -> Tensor {
            let y = x.map(function)
            cache = (x, y)
            return y
        }

        mutating func backward(_ dout: Tensor) -> Tensor {
            guard let (x, y) = cache else { preconditionFailure("backward called before forward") }
            do {
                return try backwardFunction(dout, x, y)
            } catch {
                // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
                return Tensor(shape: dout.shape, repeating: .nan)
            }
        }
    }

    static func checkActivation(_ layer: ActivationLayer, input: Tensor) -> ExerciseOutcome {
        var probe = layer
        let y = probe.forward(input)
        return attempt({ try layer.backwardFunction(Tensor(shape: y.shape, repeating: 1), input, y) }) { dx in
            guard dx.shape == input.shape else { return .failed("dx has shape \(dx.shape), x has \(input.shape)") }
            return judge(checkLayer(layer, input: input, seed: 1))
        }
    }

    /// A batch of 4 samples of 5 values, none within 10⁻³ of ReLU's kink.
    static let activationInput = Tensor([[0.5, -1.2, 2.0, -0.3, 0.8], [-2.2, 0.1, 1.4, -0.7, 0.05],
                                         [1.1, -0.05, -1.6, 0.9, 2.4], [-0.9, 0.3, 0.02, -1.1, 1.7]])

    static let sigmoidBackward = Exercise(
        id: "sigmoid-backward", title: "The sigmoid layer's backward pass",
        file: "exercises/Starter/04-SigmoidBackward.swift",
        check: { checkActivation(ActivationLayer(sigmoid) { dout, _, y in try mySigmoidBackward(dout: dout, output: y) }, input: activationInput) },
        checkReference: { checkActivation(ActivationLayer(sigmoid) { dout, x, _ in
            var layer = Sigmoid()
            _ = layer.forward(x)
            return layer.backward(dout)
        }, input: activationInput) },
        checkBroken: { checkActivation(ActivationLayer(sigmoid) { dout, _, y in dout * y }, input: activationInput) })

    static let reluBackward = Exercise(
        id: "relu-backward", title: "The ReLU layer's backward pass",
        file: "exercises/Starter/05-ReLUBackward.swift",
        check: { checkActivation(ActivationLayer(relu) { dout, x, _ in try myReLUBackward(dout: dout, input: x) }, input: activationInput) },
        checkReference: { checkActivation(ActivationLayer(relu) { dout, x, _ in
            var layer = ReLU()
            _ = layer.forward(x)
            return layer.backward(dout)
        }, input: activationInput) },
        checkBroken: { checkActivation(ActivationLayer(relu) { dout, _, _ in dout }, input: activationInput) })

    // MARK: 6. Affine

    static func checkAffine(_ implementation: @escaping @Sendable (Tensor, Tensor, Tensor) throws -> (dx: Tensor, dW: Tensor, db: Tensor)) -> ExerciseOutcome {
        /// Affine with the student's backward.
        struct StudentAffine: Layer {
            var weight: Tensor, bias: Tensor
            let backwardFunction: @Sendable (Tensor, Tensor, Tensor) throws -> (dx: Tensor, dW: Tensor, db: Tensor)
            var input: Tensor?
            var grads: (Tensor, Tensor)?
            mutating func forward(_ x: Tensor) -> Tensor {
                input = x
                return x.matmul(weight) + bias
            }
            mutating func backward(_ dout: Tensor) -> Tensor {
                guard let x = input else { preconditionFailure("backward called before forward") }
                do {
                    let result = try backwardFunction(dout, x, weight)
                    grads = (result.dW, result.db)
                    return result.dx
                } catch {
                    // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
                    grads = (Tensor(shape: weight.shape, repeating: .nan), Tensor(shape: bias.shape, repeating: .nan))
                    return Tensor(shape: x.shape, repeating: .nan)
                }
            }
            var parameters: [NamedTensor] {
                get { [NamedTensor("W", weight), NamedTensor("b", bias)] }
                set { weight = newValue[0].value; bias = newValue[1].value }
            }
            var gradients: [NamedTensor] {
                [NamedTensor("W", grads?.0 ?? .zeros(like: weight)), NamedTensor("b", grads?.1 ?? .zeros(like: bias))]
            }
        }
        var generator = SplitMix64(seed: 3)
        let x = Tensor.randomNormal(shape: [4, 5], using: &generator)
        let W = Tensor.randomNormal(shape: [5, 3], using: &generator)
        let b = Tensor.randomNormal(shape: [3], using: &generator)
        return attempt({ try implementation(Tensor(shape: [4, 3], repeating: 1), x, W) }) { result in
            guard result.dx.shape == x.shape, result.dW.shape == W.shape, result.db.shape == b.shape else {
                return .failed("shapes: dx \(result.dx.shape) (want \(x.shape)), dW \(result.dW.shape) (want \(W.shape)), db \(result.db.shape) (want \(b.shape))")
            }
            return judge(checkLayer(StudentAffine(weight: W, bias: b, backwardFunction: implementation), input: x, seed: 2))
        }
    }

    static let affineBackward = Exercise(
        id: "affine-backward", title: "The Affine layer's backward pass: dx, dW and db",
        file: "exercises/Starter/06-AffineBackward.swift",
        check: { checkAffine { try myAffineBackward(dout: $0, x: $1, W: $2) } },
        checkReference: { checkAffine { dout, x, W in
            var layer = Affine(weight: W, bias: .zeros([W.shape[1]]))
            _ = layer.forward(x)
            let dx = layer.backward(dout)
            return (dx, layer.weightGradient!, layer.biasGradient!)
        } },
        checkBroken: { checkAffine { dout, x, W in
            (dout.matmul(W.transposed()), x.transposed().matmul(dout), dout.mean(alongAxis: 0))
        } })

    // MARK: 7. SoftmaxWithLoss

    static func checkSoftmaxWithLoss(_ implementation: (Tensor, Tensor) throws -> Tensor) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 4)
        let scores = Tensor.randomNormal(shape: [5, 4], using: &generator)
        let t = oneHot([1, 0, 3, 3, 2], classes: 4)
        return attempt({ try implementation(softmax(scores), t) }) { gradient in
            guard gradient.shape == scores.shape else { return .failed("gradient has shape \(gradient.shape), scores \(scores.shape)") }
            let numeric = GradLab.numericalGradient(of: { softmaxCrossEntropy(scores: $0, t) }, at: scores)
            return judge([GradientComparison(name: "scores", analytic: gradient, numeric: numeric,
                                             roundOffFloor: GradientComparison.roundOffFloor(loss: softmaxCrossEntropy(scores: scores, t), h: 1e-4))])
        }
    }

    static let softmaxWithLossBackward = Exercise(
        id: "softmax-with-loss-backward", title: "The gradient of softmax with cross-entropy",
        file: "exercises/Starter/07-SoftmaxWithLossBackward.swift",
        check: { checkSoftmaxWithLoss { try mySoftmaxWithLossBackward(probabilities: $0, targets: $1) } },
        checkReference: { checkSoftmaxWithLoss { y, t in
            var layer = SoftmaxWithLoss()
            _ = layer.forward(y.map { log($0) }, t)  // log-probabilities are valid scores
            return layer.backward()
        } },
        checkBroken: { checkSoftmaxWithLoss { y, t in y - t } })

    // MARK: 8. Your own layer

    static func checkLayers(_ layers: [any Layer]) -> ExerciseOutcome {
        if layers.isEmpty { return .notStarted }
        var passed: [String] = []
        for (index, layer) in layers.enumerated() {
            let name = "\(type(of: layer)) (myLayers[\(index)])"
            let report = checkAnyLayer(layer)
            if case .failed(let text) = judge(report) { return .failed("\(name): \(text)") }
            passed.append(name)
        }
        return .passed("\(passed.joined(separator: ", ")): backward agrees with the numerical gradient")
    }

    static func checkAnyLayer(_ layer: any Layer) -> LayerCheckReport {
        // Input width: the first parameter's row count if it has a weight matrix, else 5.
        let width = layer.parameters.first { $0.value.rank == 2 }?.value.shape[0] ?? 5
        var generator = SplitMix64(seed: 5)
        let input = Tensor.randomNormal(shape: [4, width], using: &generator)
        return checkLayer(layer, input: input, seed: 6)
    }

    static let yourLayer = Exercise(
        id: "your-layer", title: "Invent a layer; its backward pass is checked for you",
        file: "exercises/Starter/08-YourOwnLayer.swift",
        check: { checkLayers(myLayers) },
        checkReference: { checkLayers([Affine(weight: .zeros([5, 2]) + 0.3, bias: Tensor([0.1, -0.2])), Tanh(), LeakyReLU()]) },
        checkBroken: nil)
}

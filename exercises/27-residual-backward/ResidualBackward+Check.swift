import Foundation
import GradLab

extension Exercise {
    /// Exercise 27: the skip connection's backward, where the direct path and F's path add up.
    static let residualBackward = Exercise(
        id: "residual-backward", title: "A residual block's backward pass: two paths from x to y = x + F(x)",
        file: "exercises/27-residual-backward/ResidualBackward.swift",
        book: "TF notes §8.7 (ResNet); Saitoh 5.3–5.4 (paths that join)", minutes: 15,
        hints: [
            "Two paths: the + passes dout straight back to x; the path through F goes backward through F's layers, last layer first. Where the paths meet at x, their gradients add.",
            "var throughF = dout; for i in layers.indices.reversed() { throughF = layers[i].backward(throughF) }",
            "return dout + throughF",
        ],
        solution: "Sources/GradLab/Networks/Residual.swift: Residual.backward",
        check: { checkResidual { dout, layers, _ in try myResidualBackward(dout: dout, layers: &layers) } },
        checkReference: { checkResidual(referenceResidualBackward) },
        wrongAnswers: [
            WrongAnswer("only the path through F: the skip's dout left out") {
                checkResidual { dout, layers, _ in
                    var throughF = dout
                    for i in layers.indices.reversed() { throughF = layers[i].backward(throughF) }
                    return throughF
                }
            },
            WrongAnswer("only the skip: dx = dout, F's layers never go backward") { checkResidual { dout, _, _ in dout } },
            WrongAnswer("F's layers backward in forward order") {
                checkResidual { dout, layers, _ in
                    var throughF = dout
                    for i in layers.indices { throughF = layers[i].backward(throughF) }
                    return dout + throughF
                }
            },
            WrongAnswer("the two paths averaged") {
                checkResidual { dout, layers, x in (try referenceResidualBackward(dout, &layers, x)) / 2 }
            },
        ])

    /// dx of a residual block given dout and F's layers after forward; x (the block's input)
    /// comes along for the library's block, which runs its own forward pass.
    typealias ResidualBackwardFunction = @Sendable (_ dout: Tensor, _ layers: inout [any Layer], _ x: Tensor) throws -> Tensor

    /// The library's Residual block on the same layers: forward on x, then backward; its layers,
    /// with their gradients, are handed back.
    static let referenceResidualBackward: ResidualBackwardFunction = { dout, layers, x in
        var block = Residual(layers)
        _ = block.forward(x)
        let dx = block.backward(dout)
        layers = block.layers
        return dx
    }

    /// A residual block with a student's (or the reference's, or a wrong) backward. Its
    /// parameters are numbered W1, b1, W2, b2, so that messages say which layer is wrong.
    struct StudentResidual: Layer {
        var layers: [any Layer]
        let backwardFunction: ResidualBackwardFunction
        private var input: Tensor?

        init(_ layers: [any Layer], backward: @escaping ResidualBackwardFunction) {
            self.layers = layers
            backwardFunction = backward
        }

        mutating func forward(_ x: Tensor) -> Tensor {
            input = x
            var y = x
            for i in layers.indices { y = layers[i].forward(y) }
            return x + y
        }

        mutating func backward(_ dout: Tensor) -> Tensor {
            guard let x = input else { preconditionFailure("backward called before forward") }
            do {
                return try backwardFunction(dout, &layers, x)
            } catch {
                // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
                return Tensor(shape: dout.shape, repeating: .nan)
            }
        }

        /// The Affine layers in order, with their indices in `layers`.
        private var affines: [(index: Int, layer: Affine)] {
            layers.enumerated().compactMap { index, layer in (layer as? Affine).map { (index, $0) } }
        }

        var parameters: [NamedTensor] {
            get {
                affines.enumerated().flatMap { number, affine in
                    [NamedTensor("W\(number + 1)", affine.layer.weight), NamedTensor("b\(number + 1)", affine.layer.bias)]
                }
            }
            set {
                for (number, affine) in affines.enumerated() {
                    layers[affine.index] = Affine(weight: newValue[2 * number].value, bias: newValue[2 * number + 1].value)
                }
            }
        }

        /// Read from Affine's optional gradients (0 where backward never reached a layer), so that
        /// a backward that skips F fails the check instead of stopping it.
        var gradients: [NamedTensor] {
            affines.enumerated().flatMap { number, affine in
                [NamedTensor("W\(number + 1)", affine.layer.weightGradient ?? .zeros(like: affine.layer.weight)),
                 NamedTensor("b\(number + 1)", affine.layer.biasGradient ?? .zeros(like: affine.layer.bias))]
            }
        }
    }

    /// F = Affine(4 → 4), Tanh, Affine(4 → 4), weights drawn at random.
    static func residualLayers() -> [any Layer] {
        var generator = SplitMix64(seed: 27)
        func affine() -> Affine {
            Affine(weight: 0.7 * Tensor.randomNormal(shape: [4, 4], using: &generator), bias: Tensor.randomNormal(shape: [4], using: &generator))
        }
        return [affine(), Tanh(), affine()]
    }

    /// F(x) through fresh copies of the layers.
    static func residualF(_ layers: [any Layer], _ x: Tensor) -> Tensor {
        var copies = layers
        var y = x
        for i in copies.indices { y = copies[i].forward(y) }
        return y
    }

    /// What a wrong dx has of the two paths: dout (the skip) and F's backward.
    static func residualDiagnosis(dx: Tensor, numerical: Tensor, dout: Tensor) -> String {
        let close: (Tensor, Tensor) -> Bool = { ($0 - $1).norm <= 1e-6 * ($0.norm + $1.norm) }
        if close(dx, numerical - dout) {
            return "; dx: yours is F's backward alone; the skip path sends dout straight back to x too: add dout"
        }
        if close(dx, dout) {
            return "; dx: yours is dout alone, the skip path; the path through F is missing, so F's layers stored no gradients either"
        }
        if close(dx, numerical / 2) { return "; dx: yours is half the numerical gradient: where paths join, gradients add up, they do not share" }
        let generic = diagnoseAll([("dx", dx, numerical)])
        return generic.isEmpty ? "; dx − dout, what your path through F sent back, is not F's backward of dout: go through F's layers "
            + "last layer first, each taking what the layer after it returned" : generic
    }

    /// A batch of 3 samples of 4 features through y = x + F(x).
    static func checkResidual(_ implementation: @escaping ResidualBackwardFunction) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 28)
        let x = Tensor.randomNormal(shape: [3, 4], using: &generator)
        let g = Tensor.randomNormal(shape: [3, 4], using: &generator)
        let layers = residualLayers()
        var ran = layers  // F's layers after the block's forward pass, as the student receives them
        var y = x
        for i in ran.indices { y = ran[i].forward(y) }
        return attempt({ try implementation(g, &ran, x) }) { dx in
            guard dx.shape == x.shape else { return .failed("dx has shape \(dx.shape), x has \(x.shape)") }
            let outcome = judge(checkLayer(StudentResidual(layers, backward: implementation), input: x, seed: 29))
            if case .passed(let text) = outcome {
                return .passed(text + "; dx = dout + F's backward: however small F's gradient gets, dout itself reaches x")
            }
            guard case .failed(let text) = outcome else { return outcome }
            let numerical = GradLab.numericalGradient(of: summed(against: g) { $0 + residualF(layers, $0) }, at: x)
            return .failed(text + residualDiagnosis(dx: dx, numerical: numerical, dout: g))
        }
    }
}

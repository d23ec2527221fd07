import Foundation
import GradLab

extension Exercise {
    /// Exercise 22: a layer of your own, checked, then trained with `--network`.
    static let yourLayer = Exercise(
        id: "your-layer", title: "Invent a layer; its backward pass is checked for you",
        file: "exercises/22-your-layer/YourOwnLayer.swift",
        book: "Saitoh 5.5–5.6 (layers); docs/04-layers.md and docs/11-sequential.md", minutes: 30,
        hints: [
            "Start from the softplus example in the file: copy it out of the comment, make it `struct Softplus: Layer`, and put `Softplus()` in myLayers.",
            "Forward remembers what backward needs (the input, or the output); backward multiplies dout by the derivative, element by element. A layer with weights also implements parameters and gradients (see Affine).",
            "Ideas: swish y = x·σ(x) (dx = dout·(σ + x·σ·(1 − σ))), softsign y = x / (1 + |x|) (dx = dout / (1 + |x|)²), a scaling layer y = a·x with a learnable a.",
        ],
        solution: "the library's own layers, Sources/GradLab/Layers/ (Tanh.swift is the shortest); writing one step by step: docs/04-layers.md",
        check: { checkLayers(myLayers) },
        checkReference: { checkLayers([Affine(weight: .zeros([5, 2]) + 0.3, bias: Tensor([0.1, -0.2])), Tanh(), LeakyReLU()]) },
        wrongAnswers: [
            WrongAnswer("softplus whose backward uses its output, σ(y), instead of its input, σ(x)") { checkLayers([WrongSoftplus()]) },
        ])

    /// Softplus with a plausible mistake in backward: σ of the output where σ of the input belongs.
    struct WrongSoftplus: Layer {
        private var output: Tensor?
        mutating func forward(_ x: Tensor) -> Tensor {
            output = x.map { log(1 + exp($0)) }
            return output!
        }
        mutating func backward(_ dout: Tensor) -> Tensor { dout * sigmoid(output!) }
    }

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
}

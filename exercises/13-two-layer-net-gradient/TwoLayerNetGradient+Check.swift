import GradLab

extension Exercise {
    /// Exercise 13: backprop through a whole network, layer by layer.
    static let twoLayerNetGradient = Exercise(
        id: "two-layer-net-gradient", title: "Assemble the TwoLayerNet's gradient from its layers",
        file: "exercises/13-two-layer-net-gradient/TwoLayerNetGradient.swift",
        book: "Saitoh 5.7", minutes: 25,
        hints: [
            "Make the four layers as `var`s (forward and backward are mutating): affine1, sigmoid, affine2 and lastLayer.",
            "Forward: `_ = lastLayer.forward(affine2.forward(sigmoid.forward(affine1.forward(x))), t)`. Backward in reverse: `var dout = lastLayer.backward()`, then affine2, sigmoid, affine1.",
            "Each Affine stores its gradients in backward: `affine1.weightGradient!`, `affine1.biasGradient!`. Name them W1, b1, W2, b2, in that order.",
        ],
        solution: "Sources/GradLab/Networks/Sequential.swift: Sequential.gradient (TwoLayerNet.gradient in TwoLayerNet.swift calls it)",
        check: { checkTwoLayerNet { try myTwoLayerNetGradient($0, x: $1, t: $2) } },
        checkReference: { checkTwoLayerNet { TwoLayerNet(parameters: $0).gradient($1, $2) } },
        wrongAnswers: [
            WrongAnswer("skipped the sigmoid on the way back") {
                checkTwoLayerNet { parameters, x, t in
                    var affine1 = Affine(weight: parameters["W1"], bias: parameters["b1"])
                    var sigmoid = Sigmoid()
                    var affine2 = Affine(weight: parameters["W2"], bias: parameters["b2"])
                    var lastLayer = SoftmaxWithLoss()
                    _ = lastLayer.forward(affine2.forward(sigmoid.forward(affine1.forward(x))), t)
                    _ = affine1.backward(affine2.backward(lastLayer.backward()))
                    return Parameters([NamedTensor("W1", affine1.weightGradient!), NamedTensor("b1", affine1.biasGradient!),
                                       NamedTensor("W2", affine2.weightGradient!), NamedTensor("b2", affine2.biasGradient!)])
                }
            },
            WrongAnswer("the layers' gradients under the wrong names") {
                checkTwoLayerNet { parameters, x, t in
                    let right = TwoLayerNet(parameters: parameters).gradient(x, t)
                    return Parameters([NamedTensor("W2", right["W1"]), NamedTensor("b2", right["b1"]),
                                       NamedTensor("W1", right["W2"]), NamedTensor("b1", right["b2"])])
                }
            },
        ])

    /// A 4-5-3 network on a batch of 3: small enough for a numerical gradient of every element.
    static func checkTwoLayerNet(_ implementation: (Parameters, Tensor, Tensor) throws -> Parameters) -> ExerciseOutcome {
        let network = TwoLayerNet(inputSize: 4, hiddenSize: 5, outputSize: 3, weightInitStd: 0.5, seed: 13)
        var generator = SplitMix64(seed: 14)
        let x = Tensor.randomNormal(shape: [3, 4], using: &generator)
        let t = oneHot([2, 0, 1], classes: 3)
        let parameters = network.parameters
        return attempt({ try implementation(parameters, x, t) }) { gradient in
            guard gradient.names == parameters.names else {
                return .failed("the gradient's names are \(gradient.names); they should be \(parameters.names), in that order")
            }
            for (name, (p, g)) in zip(parameters.names, zip(parameters.tensors, gradient.tensors)) where p.shape != g.shape {
                return .failed("\(name): the gradient has shape \(g.shape), the parameter \(p.shape)")
            }
            let numerical = network.numericalGradient(x, t)
            let loss = network.loss(x, t)
            for name in parameters.names {
                let outcome = judgeGradient(name, yours: gradient[name], numerical: numerical[name], loss: loss, batch: 3)
                if case .failed(let text) = outcome { return .failed(text) }
            }
            return .passed("W1, b1, W2, b2 agree with the numerical gradient (a 4-5-3 network, batch of 3)")
        }
    }
}

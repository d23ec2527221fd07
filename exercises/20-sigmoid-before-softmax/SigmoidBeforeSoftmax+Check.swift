import Foundation
import GradLab

extension Exercise {
    /// Exercise 20: a design mistake that every gradient check approves.
    static let sigmoidBeforeSoftmax = Exercise(
        id: "sigmoid-before-softmax", title: "A sigmoid before the softmax: the check passes, learning suffers",
        file: "exercises/20-sigmoid-before-softmax/SigmoidBeforeSoftmax.swift",
        book: "Saitoh 3.5 and 5.6.3 (softmax with loss); Chollet ch. 4 (the last layer's activation)", minutes: 20,
        hints: [
            "For the network, the example description in the instructions is enough; any network from 2 inputs to 3 outputs whose last layer is Sigmoid() will do.",
            "The best a squashed network can do is score the right class 1 and every other class 0. Softmax turns [1, 0, …, 0] into probability e / (e + C − 1) for the right class.",
            "The loss is −log of that probability: log(1 + (C − 1) / e). For 10 classes that is 1.46, whereas a free network can approach 0.",
        ],
        solution: "Sources/GradLab/Functions/Losses.swift: softmaxCrossEntropy(scores:_:) of the best squashed scores [1, 0, …, 0]",
        check: { checkSquashed(network: { try mySquashedNetwork() }, lowest: { try myLowestLoss(classes: $0) }) },
        checkReference: { checkSquashed(network: referenceSquashed, lowest: referenceLowestLoss) },
        wrongAnswers: [
            WrongAnswer("a loss can always approach 0") { checkSquashed(network: referenceSquashed, lowest: { _ in 0 }) },
            WrongAnswer("log C, the loss of a uniform guess") { checkSquashed(network: referenceSquashed, lowest: { log(Double($0)) }) },
            WrongAnswer("no sigmoid at the end") {
                checkSquashed(network: { try Sequential(specification: "affine 8, tanh, affine 3", inputSize: 2, outputSize: 3) },
                              lowest: referenceLowestLoss)
            },
        ],
        evidence: {
            guard let network = try? referenceSquashed() else { return "" }
            return "Trained side by side, the same network with and without a final sigmoid:\n" + trainingComparison(network)
        })

    static let referenceSquashed: @Sendable () throws -> Sequential = {
        try Sequential(specification: "affine 8, tanh, affine 3, sigmoid", inputSize: 2, outputSize: 3)
    }

    /// The library's cross-entropy of the best scores a sigmoid allows: 1 for the right class, 0
    /// for the others.
    static let referenceLowestLoss: @Sendable (Int) -> Double = { classes in
        var best = Tensor.zeros([1, classes])
        best[flat: 0] = 1
        return softmaxCrossEntropy(scores: best, Tensor([0]))
    }

    /// Three clusters of 30 points in the plane, one per class.
    static let clusters: (x: Tensor, t: Tensor) = {
        var generator = SplitMix64(seed: 20)
        let centres: [[Double]] = [[2, 0], [-1, 1.7], [-1, -1.7]]
        var points: [[Double]] = [], labels: [Int] = []
        for (label, centre) in centres.enumerated() {
            for _ in 0..<30 {
                points.append([centre[0] + 0.5 * generator.nextStandardNormal(), centre[1] + 0.5 * generator.nextStandardNormal()])
                labels.append(label)
            }
        }
        return (Tensor(points), oneHot(labels, classes: 3))
    }()

    /// The loss after 300 full-batch SGD steps (η = 0.5), with and without the last layer.
    static func trainingComparison(_ squashed: Sequential) -> String {
        func trained(_ network: Sequential) -> Double {
            var network = network
            var sgd = SGD(learningRate: 0.5)
            for _ in 0..<300 { sgd.update(&network.parameters, with: network.gradient(clusters.x, clusters.t).gradient) }
            return network.loss(clusters.x, clusters.t)
        }
        let free = Sequential(Array(squashed.layers.dropLast()))
        return "  after 300 steps on 3 clusters of points: loss \(rounded(trained(free))) without the sigmoid, "
            + "\(rounded(trained(squashed))) with it"
    }

    static func checkSquashed(network: @escaping () throws -> Sequential, lowest: @escaping (Int) throws -> Double) -> ExerciseOutcome {
        checkParts([
            ("mySquashedNetwork", {
                attempt({ try network() }) { network in
                    guard network.layers.last is Sigmoid else {
                        let last = network.layers.last.map { "\(type(of: $0))" } ?? "nothing"
                        return .failed("the last layer is \(last); this exercise wants a Sigmoid there, just before the softmax")
                    }
                    let scores = network.scores(.zeros([1, 2]))
                    guard scores.shape == [1, 3] else { return .failed("2 features in give scores of shape \(scores.shape), not [1, 3]") }
                    // The gradient check: every derivative of the squashed network is right.
                    let x = clusters.x.rows([0, 31, 62]), t = clusters.t.rows([0, 31, 62])
                    let backprop = network.gradient(x, t).gradient, numerical = network.numericalGradient(x, t)
                    let worst = zip(backprop.tensors, numerical.tensors).map { pair in
                        GradientComparison(name: "", analytic: pair.0, numeric: pair.1,
                                           roundOffFloor: GradientComparison.roundOffFloor(loss: network.loss(x, t), h: 1e-4)).normRelativeError
                    }.max() ?? 0
                    return .passed("the gradient check passes (norm-relative error \(rounded(worst))); trained:\n"
                                   + trainingComparison(network))
                }
            }),
            ("myLowestLoss", {
                let classCounts = [10, 3, 2]
                return attempt({ try classCounts.map { try lowest($0) } }) { values in
                    for (classes, yours) in zip(classCounts, values) {
                        let expected = referenceLowestLoss(classes)
                        guard abs(yours - expected) <= 1e-9 * expected else {
                            let why = yours == 0 ? ": 0 needs a probability of 1, which needs the right score infinitely above the others"
                                : abs(yours - log(Double(classes))) < 1e-9 ? ": that is the loss of equal scores; the sigmoid still allows 1 against 0" : ""
                            return .failed("for \(classes) classes: \(yours), but the best squashed scores [1, 0, …] give \(expected)\(why)")
                        }
                    }
                    return .passed("never below log(1 + (C − 1)/e): \(rounded(referenceLowestLoss(10))) for 10 classes, "
                                   + "\(rounded(referenceLowestLoss(3))) for 3. The check validated the derivatives, not the design")
                }
            }),
        ])
    }
}

import GradLab

extension Exercise {
    /// Exercise 17: the 784-512-10 model of Chollet's Deep Learning with Python, built as a Sequential, and its parameter count.
    static let sequentialParameters = Exercise(
        id: "sequential-parameters", title: "Chollet's 784-512-10 Sequential and its 407,050 parameters",
        file: "exercises/17-sequential-parameters/SequentialParameters.swift",
        book: "Chollet 2.1 and 2.5 (NaiveDense, NaiveSequential)", minutes: 15,
        hints: [
            "The layers in order: Affine(inputs: 784, outputs: 512, using: &generator), ReLU(), Affine(inputs: 512, outputs: 10, using: &generator).",
            "For the count, walk over consecutive pairs of sizes: `zip(layerSizes, layerSizes.dropFirst())` gives (784, 512) and (512, 10).",
            "Each pair (I, O) contributes I · O weights plus O biases: 784·512 + 512 + 512·10 + 10 = 407,050.",
        ],
        solution: "Sources/GradLab/Networks/Sequential.swift (parameterCount) and NetworkSpecification.swift: "
            + "Sequential(specification: \"affine 512, relu, affine 10\", inputSize: 784, outputSize: 10)",
        check: { checkSequential(model: { try myFirstModel() }, count: { try myParameterCount(layerSizes: $0) }) },
        checkReference: { checkSequential(model: referenceModel, count: referenceCount) },
        wrongAnswers: [
            WrongAnswer("counted the weights and forgot the biases") {
                checkSequential(model: referenceModel, count: { sizes in zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 } })
            },
            WrongAnswer("a sigmoid where the seeds use ReLU") {
                checkSequential(model: { try Sequential(specification: "affine 512, sigmoid, affine 10", inputSize: 784, outputSize: 10) },
                                count: referenceCount)
            },
            WrongAnswer("one layer, 784 → 10") {
                checkSequential(model: { try Sequential(specification: "affine 10", inputSize: 784, outputSize: 10) }, count: referenceCount)
            },
        ])

    static let referenceModel: @Sendable () throws -> Sequential = {
        try Sequential(specification: "affine 512, relu, affine 10", inputSize: 784, outputSize: 10)
    }

    /// The library counts: a Sequential of Affine layers with these sizes, and its parameterCount.
    static let referenceCount: @Sendable ([Int]) -> Int = { sizes in
        var generator = SplitMix64(seed: 0)
        return Sequential(zip(sizes, sizes.dropFirst()).map { Affine(inputs: $0, outputs: $1, using: &generator) }).parameterCount
    }

    static func checkSequential(model: @escaping () throws -> Sequential, count: @escaping ([Int]) throws -> Int) -> ExerciseOutcome {
        checkParts([
            ("myFirstModel", {
                attempt({ try model() }) { model in
                    let types = model.layers.map { "\(type(of: $0))" }
                    guard types == ["Affine", "ReLU", "Affine"] else {
                        return .failed("the layers are \(types); Chollet's model is [Affine, ReLU, Affine]")
                    }
                    let shapes = model.layers.compactMap { $0.parameters.first?.value.shape }
                    guard shapes == [[784, 512], [512, 10]] else {
                        return .failed("the weights have shapes \(shapes); they should be [784, 512] and [512, 10]")
                    }
                    let scores = model.scores(.zeros([2, 784]))
                    guard scores.shape == [2, 10] else { return .failed("two images give scores of shape \(scores.shape), not [2, 10]") }
                    return .passed("Affine 784→512, ReLU, Affine 512→10: \(groupedThousands(model.parameterCount)) parameters")
                }
            }),
            ("myParameterCount", {
                let stacks = [[784, 512, 10], [784, 50, 10], [784, 100, 50, 10], [4, 3], [10]]
                return attempt({ try stacks.map { try count($0) } }) { counts in
                    for (sizes, yours) in zip(stacks, counts) {
                        let expected = referenceCount(sizes)
                        if yours != expected {
                            let weights = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
                            let why = yours == weights ? ": that is the weights alone; every layer also has one bias per output" : ""
                            return .failed("for sizes \(sizes): \(yours), but a Sequential of those Affine layers has \(expected)\(why)")
                        }
                    }
                    return .passed("407,050 for 784-512-10, 39,760 for the book's 784-50-10")
                }
            }),
        ])
    }
}

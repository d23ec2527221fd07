import GradLabData

extension ThroughTimeStudy {
    /// The study's training run that explodes: a simple RNN on MNIST read by rows, its Wh scaled
    /// to a large singular value, trained by plain SGD twice from the same weights on the same
    /// batches, without clipping and with clipping by global norm.
    ///
    /// ```
    /// network   rnn H, last, affine 10         Wh orthogonal × σ_max (default 1.5)
    /// training  SGD η, batches drawn with replacement, the trainer's LayerBackprop
    /// clipped   every gᵢ ← gᵢ · c / max(‖g‖, c)  (tf.clip_by_global_norm), c = `clipNorm`
    /// ```
    ///
    /// The trainer records ‖g‖ of every step before clipping, so both runs show the gradient
    /// norms the RNN produced; only the clipped run keeps its steps bounded.
    public struct ExplodingRun: Sendable, CustomStringConvertible {
        /// H, the hidden units (default 32).
        public var hidden: Int
        /// σ_max of the initial Wh (default 1.5).
        public var singularValue: Double
        /// SGD steps of each run (default 300).
        public var iterations: Int
        /// Samples per step (default 50).
        public var batchSize: Int
        /// SGD's η (default 0.5: large, as a step that a spike of the gradient turns into a leap).
        public var learningRate: Double
        /// c of the clipped run (default 1).
        public var clipNorm: Double

        /// Creates the settings.
        ///
        /// - Precondition: sizes ≥ 1, η and c > 0.
        public init(hidden: Int = 32, singularValue: Double = 1.5, iterations: Int = 300, batchSize: Int = 50,
                    learningRate: Double = 0.5, clipNorm: Double = 1) {
            precondition(hidden >= 1 && iterations >= 1 && batchSize >= 1 && singularValue > 0 && learningRate > 0 && clipNorm > 0,
                         "ThroughTimeStudy.ExplodingRun: sizes must be ≥ 1, σ_max, η and c positive")
            self.hidden = hidden
            self.singularValue = singularValue
            self.iterations = iterations
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.clipNorm = clipNorm
        }

        /// The network as a `--network` description (with `--sequence rows`).
        public var specification: String { "rnn \(hidden), last, affine \(LabeledImages.classCount)" }

        /// "rnn 32, last, affine 10, Wh at σ_max 1.5, SGD η = 0.5, batch 50, 300 steps".
        public var description: String {
            "\(specification), Wh at σ_max \(ThroughTimeStudy.formatted(singularValue)), SGD η = \(learningRate), batch \(batchSize), \(iterations) steps"
        }

        /// The network before training: `specification` on images read by rows, Wh1 scaled to σ_max.
        public func network(rows: Int, columns: Int, seed: UInt64) -> Sequential {
            var network: Sequential
            do {
                network = try Sequential(specification: specification, inputShape: [rows, columns],
                                         outputSize: LabeledImages.classCount, seed: seed)
            } catch {
                preconditionFailure("the exploding run's own network description is wrong: \(error)")
            }
            let wh = network.parameters["Wh1"]
            network.parameters.modify(at: network.parameters.index(of: "Wh1")) { weight in
                weight = wh * (singularValue / largestSingularValue(of: wh))
            }
            return network
        }

        /// Both runs: without clipping, then clipped by global norm.
        public func runs(on trainingSet: LabeledImages, testSet: LabeledImages, seed: UInt64,
                         onEvent: (Int, TrainingEvent) -> Void = { _, _ in }) -> [TrainingRun] {
            let network = network(rows: trainingSet.rows, columns: trainingSet.columns, seed: seed)
            let clippings: [GradientClipping?] = [nil, .globalNorm(clipNorm)]
            return clippings.enumerated().map { index, clipping in
                let configuration = TrainingConfiguration(iterations: iterations, batchSize: batchSize, optimizer: .sgd,
                                                          learningRate: learningRate, sampling: .replacement, seed: seed,
                                                          clipping: clipping)
                let name = clipping == nil ? "no clipping" : "clip global norm \(ThroughTimeStudy.formatted(clipNorm))"
                let run = studyRun(name, specification, network, on: trainingSet, testSet: testSet, configuration: configuration) {
                    onEvent(index, $0)
                }
                return TrainingRun(name: name, clipping: clipping, run: run)
            }
        }
    }
}

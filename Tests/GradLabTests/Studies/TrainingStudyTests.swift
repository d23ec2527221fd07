import Foundation
import GradLab
import GradLabData
import Testing

@Suite struct BookScheduleTests {
    /// The book's loop, run as it is written: `for i in …: step; if i % perEpoch == 0: measure;
    /// stop after the epochs-th measurement`. Returns the steps taken and the measured iterations.
    static func bookLoop(trainSize: Int, batchSize: Int, epochs: Int) -> (steps: Int, measured: [Int]) {
        let perEpoch = max(trainSize / batchSize, 1)
        var measured: [Int] = []
        var i = 0
        while true {
            // (one step here)
            if i % perEpoch == 0 {
                measured.append(i)
                if measured.count >= epochs { return (i + 1, measured) }
            }
            i += 1
        }
    }

    @Test func iterationsAreTheBookLoops() {
        for (trainSize, batch, epochs) in [(300, 100, 201), (1000, 100, 20), (50, 100, 3), (7, 2, 1)] {
            let schedule = BookSchedule(epochs: epochs, batchSize: batch)
            let book = Self.bookLoop(trainSize: trainSize, batchSize: batch, epochs: epochs)
            #expect(schedule.iterations(trainSize: trainSize) == book.steps)
        }
        #expect(BookSchedule(epochs: 201).iterations(trainSize: 300) == 601)
        #expect(BookSchedule(epochs: 20).iterations(trainSize: 1000) == 191)
    }

    /// The trainer measures after the iterations the book's loop measures.
    @Test func theTrainerMeasuresWhenTheBookDoes() throws {
        let images = try rowImages(count: 40, seed: 1)
        let schedule = BookSchedule(epochs: 5, batchSize: 10, learningRate: 0.1)
        var generator = SplitMix64(seed: 2)
        let network = Sequential([Affine(inputs: 16, outputs: 10, using: &generator)])
        let history = try train(network, on: images, testSet: images, configuration: schedule.configuration(trainSize: 40, seed: 3))
        #expect(history.epochs.map(\.iteration) == Self.bookLoop(trainSize: 40, batchSize: 10, epochs: 5).measured)
    }
}

@Suite struct LogSpacedTests {
    /// numpy.logspace(0, -4, 16), printed by numpy to 4 significant digits.
    @Test func theBooksSixteenScales() {
        let numpy = [1, 0.5412, 0.2929, 0.1585, 0.08577, 0.04642, 0.02512, 0.01359, 0.007356, 0.003981, 0.002154,
                     0.001166, 0.0006310, 0.0003415, 0.0001848, 0.0001]
        let scales = BatchNormStudy.logSpaced(from: 0, to: -4, count: 16)
        #expect(scales.count == 16)
        for (scale, expected) in zip(scales, numpy) { #expect(abs(scale / expected - 1) < 1e-3) }
        #expect(scales.first == 1)
        #expect(abs(scales.last! - 1e-4) < 1e-18)
        #expect(BatchNormStudy.logSpaced(from: 0, to: -4, count: 1) == [1])
    }
}

@Suite struct DepthStudyTests {
    static let study: DepthStudy = {
        let images = try! rowImages(count: 200, seed: 11)
        return DepthStudy(trainingSet: images, testSet: images.subset(0..<50), hiddenLayers: 10, width: 20, iterations: 5,
                          batchSize: 20, learningRate: 0.01, probeSize: 100, seed: 5)
    }()

    static func run(_ name: String) -> DepthStudy.Run {
        study.runs.first { $0.variant.name == name }!
    }

    @Test func everyLayerHasItsNorm() {
        #expect(Self.study.runs.count == 6)
        for run in Self.study.runs {
            #expect(run.weightNames == (1...11).map { "W\($0)" })
            #expect(run.initialNorms.count == 11 && run.trainedNorms.count == 11)
            #expect(run.run.history.losses.count == 5)
        }
    }

    /// Each sigmoid layer passes the gradient on times Wᵀ (σ = 0.01, ‖Wᵀv‖ ≈ 0.01 √20 ‖v‖) and
    /// times σ′ ≤ ¼: about 0.011 per layer, so nine layers between W₁ and W₁₀ leave 10⁻¹⁷ or so.
    /// ReLU with He keeps the norm within an order of magnitude or two.
    @Test func theGradientVanishesThroughSigmoidsButNotThroughReLUWithHe() {
        let sigmoid = Self.run("sigmoid, σ = 0.01")
        #expect(sigmoid.initialRatio < 1e-12)
        let bound = pow(0.25 * 0.01 * 20.0.squareRoot() * 3, 9)  // ¼ · σ√n, with room (×3) for ‖W‖'s spread
        #expect(sigmoid.initialNorms[0] / sigmoid.initialNorms[9] < bound * 100)
        let relu = Self.run("ReLU, He")
        #expect(relu.initialRatio > 1e-2 && relu.initialRatio < 1e2)
        // BatchNorm and skip connections bring the sigmoid's first layer back.
        #expect(Self.run("sigmoid, σ = 0.01, BatchNorm").initialRatio > 1e-3)
        #expect(Self.run("sigmoid, σ = 0.01, residual").initialRatio > 1e-3)
    }

    /// The norms are those of the gradient `Sequential.gradient` gives on the probe batch.
    @Test func normsAreTheGradientsNorms() throws {
        let images = try rowImages(count: 200, seed: 11)
        let run = Self.run("ReLU, He")
        let network = try Sequential(specification: run.run.specification, inputSize: 16, outputSize: 10,
                                     initialization: .he, seed: 5)
        let probe = Batch(images, indices: Array(0..<100))
        let gradient = network.gradient(probe.x, probe.t).gradient
        for (index, name) in run.weightNames.enumerated() {
            let norm = gradient[name].scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(run.initialNorms[index] - norm) <= 1e-12 * norm)
        }
    }

    @Test func ratioIsFirstOverLastHidden() {
        #expect(DepthStudy.ratio([2, 8, 100]) == 0.25)
        #expect(DepthStudy.ratio([3, 5]) == 1)
        #expect(DepthStudy.ratio([]).isNaN)
    }
}

@Suite struct OverfittingStudyTests {
    static let study: OverfittingStudy = {
        let images = try! rowImages(count: 120, seed: 21)
        return OverfittingStudy(trainingSet: images, testSet: images.subset(40..<120), trainSize: 40, hiddenLayers: 2, width: 30,
                                schedule: BookSchedule(epochs: 40, batchSize: 10, learningRate: 0.1), weightDecay: 0.1,
                                dropoutRate: 0.2, seed: 3)
    }()

    @Test func threeRunsOnTheBooksSchedule() {
        #expect(Self.study.runs.map(\.name) == ["plain", "weight decay λ = 0.1", "dropout p = 0.2"])
        for run in Self.study.runs {
            #expect(run.history.losses.count == 157)  // (40 − 1) · 4 + 1
            #expect(run.history.epochs.count == 40)
            #expect(run.divergence == nil)
        }
        #expect(Self.study.runs[1].history.network.weightDecay == WeightDecay(l2: 0.1))
        #expect(Self.study.runs[2].history.network.layers.filter { $0 is Dropout }.count == 2)
    }

    /// The plain network learns its 40 images; weight decay keeps ΣW² smaller than plain training
    /// does from the same start (each step multiplies W by 1 − ηλ = 0.99 before the update).
    @Test func plainLearnsAndWeightDecayShrinks() {
        let plain = Self.study.runs[0], decayed = Self.study.runs[1]
        #expect(plain.finalTrainAccuracy == 1)
        func squaredWeights(_ run: StudyRun) -> Double {
            run.history.network.parameters.tensors.filter { $0.rank == 2 }.reduce(0) { $0 + $1.scalars.reduce(0) { $0 + $1 * $1 } }
        }
        #expect(squaredWeights(decayed) < squaredWeights(plain))
        // Without a shorter curve, the final test accuracies are the curves' last points.
        #expect(Self.study.finalTestAccuracies == Self.study.runs.map(\.finalTestAccuracy))
        #expect(Self.study.gap(0) == plain.finalTrainAccuracy - plain.finalTestAccuracy)
    }

    /// Curves on the first 20 test images, final accuracies on all 80: whole counts of 20 and 80.
    @Test func aShorterCurveStillEndsOnTheWholeTestSet() throws {
        let images = try rowImages(count: 120, seed: 21)
        let study = OverfittingStudy(trainingSet: images, testSet: images.subset(40..<120), curveTestSize: 20, trainSize: 40,
                                     hiddenLayers: 1, width: 10, schedule: BookSchedule(epochs: 3, batchSize: 10, learningRate: 0.1),
                                     seed: 3)
        #expect(study.curveTestSize == 20)
        for (run, final) in zip(study.runs, study.finalTestAccuracies) {
            let curve = run.finalTestAccuracy
            #expect(abs(curve * 20 - (curve * 20).rounded()) < 1e-9)
            #expect(abs(final * 80 - (final * 80).rounded()) < 1e-9)
            // The first 20 of the 80 are a quarter of the whole count.
            #expect(final * 80 >= curve * 20 - 1e-9)
        }
    }
}

@Suite struct BatchNormStudyTests {
    /// With σ = 10⁻⁴ and no BatchNorm, the scores are ~10⁻¹² of the input's size: the softmax is
    /// uniform and the gradient reaching W₁ is ~10⁻¹² of the output layer's, so nothing learns in
    /// a few steps. BatchNorm rescales each layer to variance 1, so the same weights learn.
    @Test func batchNormLearnsFromTinyWeights() throws {
        let images = try rowImages(count: 80, seed: 31)
        let study = BatchNormStudy(trainingSet: images, trainSize: 80, hiddenLayers: 3, width: 20,
                                   schedule: BookSchedule(epochs: 15, batchSize: 10, learningRate: 0.1),
                                   weightScales: [1e-4], seed: 4)
        let pair = try #require(study.pairs.first)
        #expect(pair.batchNorm.finalTrainAccuracy > 0.9)
        // Chance is the largest class's share: the plain network predicts one class for every image.
        let counts = (0..<4).map { label in (0..<80).filter { images.label(at: $0) == label }.count }
        #expect(pair.plain.finalTrainAccuracy <= Double(counts.max()!) / 80 + 1e-12)
        #expect(pair.plain.history.epochs.count == 15 && pair.batchNorm.history.epochs.count == 15)
        #expect(pair.plain.specification == "affine 20, relu, affine 20, relu, affine 20, relu, affine 10")
        #expect(pair.batchNorm.specification == "affine 20, batchnorm, relu, affine 20, batchnorm, relu, affine 20, batchnorm, relu, affine 10")
    }
}

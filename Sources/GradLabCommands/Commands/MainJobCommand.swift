import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// `gradlab` with no subcommand: the main job. Gradient check on MNIST, the speed of numerical
/// against backprop gradients, then training twice from the same weights on the same batches,
/// once with each gradient, with the curves overlaid in an HTML report.
enum MainJobCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "main",
        abstract: "The main job (the default): gradient check, speed, training with both gradients.",
        discussion: """
            1. Gradient check of a 784-50-10 TwoLayerNet on the first 3 MNIST training images.
            2. The time of one numerical gradient (the book's full method and the incremental one) \
            and one backprop gradient on the same batch of 100, and their ratio.
            3. Training twice from the same initial weights on the same batches: once with numerical \
            gradients, once with backprop; their loss and accuracy curves overlaid. Numerical \
            training of the full 784-50-10 net takes too long for a demo, so the job measures it, \
            picks the largest hidden size whose numerical run fits in --budget seconds, says so, and \
            estimates how long the full size would take.
            Writes CSVs, SVG charts and index.html to --out.
            """,
        options: [
            hidden, batch, iterations, trainSize, budget, numericMethod,
            DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let hidden = Option<Int>("hidden", "N", help: "Hidden units for the gradient check, the speed test, and training if it fits --budget.",
                                    default: 50, range: 1...10_000)
    static let batch = Option<Int>("batch", "N", help: "Mini-batch size.", default: 100, range: 1...10_000)
    static let iterations = Option<Int>("iterations", "N", help: "Training iterations for each run.", default: 3000, range: 1...1_000_000)
    static let trainSize = Option<Int>("train-size", "N", help: "Train on the first N training images (an epoch is N / batch iterations).",
                                       default: 10_000, range: 1...Int.max)
    static let budget = Option<Double>("budget", "SECONDS", help: "Time allowed for the numerical training run.", default: 90, range: 1...1e7)
    static let numericMethod = Option<NumericalMethod>("numeric-method", "NAME", help: "Numerical gradient used for training.",
                                                       default: .incremental)

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let say: (String) -> Void = json ? { console.errorLine($0) } : { console.line($0) }
        let hidden = try arguments[Self.hidden]
        let batchSize = try arguments[Self.batch]
        let iterations = try arguments[Self.iterations]
        let budget = try arguments[Self.budget]
        let method = try arguments[Self.numericMethod]
        let seed = try arguments[CommonOptions.seed]
        let requestedSize = try arguments[Self.trainSize]
        let dataPath = try arguments[DataSource.option]
        let folder = try CommonOptions.outputFolder(arguments)
        let total = Stopwatch()
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; `swift run -c release gradlab` is the main job as intended")
        #endif

        let (data, loadSeconds) = try Stopwatch.time { try DataSource.load(from: dataPath) }
        if arguments.wasGiven(Self.trainSize) && requestedSize > data.train.count {
            throw CommandError("--train-size \(requestedSize): the training set has only \(data.train.count) images")
        }
        let trainSize = min(requestedSize, data.train.count)
        let trainingSet = data.train.subset(0..<trainSize)
        let inputs = data.train.pixelsPerImage
        say("GradLab: numerical gradients and backprop, side by side")
        say("data: \(DataSource.name(of: dataPath)), \(data.train.count) training and \(data.test.count) test images, loaded in \(duration(loadSeconds))")
        say("")

        // 1. The book's gradient check: the first 3 training images.
        let checkNet = TwoLayerNet(inputSize: inputs, hiddenSize: hidden, outputSize: 10, seed: seed)
        let first3 = Array(0..<min(3, data.train.count))
        let check = GradCheckCommand.check(checkNet.network, specification: "affine \(hidden), sigmoid, affine 10",
                                           data.train.images(at: first3),
                                           Tensor(data.train.labels(at: first3).map(Double.init)),
                                           h: 1e-4, bookDelta: false,
                                           source: "the first \(first3.count) training images")
        say("1. " + GradCheckCommand.text(check))
        say("")

        // 2. Speed on one batch of the training run.
        var sampler = BatchSampler(method: .replacement, sampleCount: trainSize, batchSize: batchSize, seed: seed)
        let batchIndices = sampler.nextBatch()
        let x = trainingSet.images(at: batchIndices)
        let t = Tensor(trainingSet.labels(at: batchIndices).map(Double.init))
        let speed = GradientTimings.measure(checkNet, x, t, images: trainingSet, sparse: sparseIfWorthIt(trainingSet),
                                            indices: batchIndices)
        say("2. One gradient of \(inputs)-\(hidden)-10 on a batch of \(batchSize):")
        say(speedTable(speed))
        say("")

        // 3. Training: pick the size whose numerical run fits the budget.
        // Step 2 already timed one gradient of each method at the full size, on this batch.
        let plan = planTraining(inputs: inputs, hidden: hidden, iterations: iterations, budget: budget, x: x, t: t,
                                method: method, seed: seed,
                                fullSizeSeconds: method == .full ? speed.fullSeconds : speed.incrementalSeconds)
        say("3. Training twice from the same weights on the same batches: \(plan.summary)")
        let net = TwoLayerNet(inputSize: inputs, hiddenSize: plan.hidden, outputSize: 10, seed: seed)
        let configuration = TrainingConfiguration(iterations: iterations, batchSize: batchSize, seed: seed)
        var progress = ProgressBar(total: iterations, label: "backprop ", console: console)
        let backprop = try train(net.network, on: trainingSet, testSet: data.test, configuration: configuration,
                                 using: FastBackprop(net.network, trainingSet: trainingSet, testSet: data.test)!) { event in
            if case .iteration(let i, let loss) = event { progress.update(i + 1, detail: "loss \(fixed(loss, 4))") }
        }
        progress.finish()
        say("   backprop:  \(duration(backprop.seconds)), final test accuracy \(fixed(backprop.epochs.last?.testAccuracy ?? 0, 4))")
        progress = ProgressBar(total: iterations, label: "numerical", console: console)
        let numericSource = FastNumericalGradients(net.network, method: method, trainingSet: trainingSet, testSet: data.test)!
        let numeric = try train(net.network, on: trainingSet, testSet: data.test, configuration: configuration,
                                using: numericSource) { event in
            if case .iteration(let i, let loss) = event { progress.update(i + 1, detail: "loss \(fixed(loss, 4))") }
        }
        progress.finish()
        say("   numerical: \(duration(numeric.seconds)), final test accuracy \(fixed(numeric.epochs.last?.testAccuracy ?? 0, 4))")

        let maxLossDifference = zip(numeric.losses, backprop.losses).map { abs($0 - $1) }.max() ?? 0
        let maxAccuracyDifference = zip(numeric.epochs, backprop.epochs).map {
            max(abs($0.trainAccuracy - $1.trainAccuracy), abs($0.testAccuracy - $1.testAccuracy))
        }.max() ?? 0
        let maxWeightDifference = zip(numeric.network.parameters.named, backprop.network.parameters.named)
            .map { ($0.value - $1.value).scalars.map(abs).max() ?? 0 }.max() ?? 0
        say("   largest difference between the two runs: loss \(scientific(maxLossDifference)), accuracy \(scientific(maxAccuracyDifference)), final weights \(scientific(maxWeightDifference))")
        say("")

        // Report.
        let runs = [TrainingCharts.Run(name: "backprop", history: backprop, style: .solid),
                    TrainingCharts.Run(name: "numerical", history: numeric, style: .dashed)]
        let lossChart = TrainingCharts.lossChart(runs, title: "Loss: numerical gradient vs backprop")
        let accuracyChart = TrainingCharts.accuracyChart(runs, title: "Accuracy per epoch: numerical vs backprop")
        let lossSVG = lossChart.svg(), accuracySVG = accuracyChart.svg()
        let differenceSVG = LineChart(
            title: "|loss(numerical) − loss(backprop)| per iteration", xLabel: "iteration", yLabel: "absolute difference",
            series: [ChartSeries(name: "difference", y: zip(numeric.losses, backprop.losses).map { max(abs($0 - $1), 1e-17) }, width: 1.5)],
            yScale: .logarithmic).svg()
        try folder.write(lossSVG, to: "loss.svg")
        try folder.write(accuracySVG, to: "accuracy.svg")
        try folder.write(differenceSVG, to: "loss-difference.svg")
        try folder.write(TrainingCharts.lossCSV(runs), to: "loss.csv")
        try folder.write(TrainingCharts.epochCSV(runs), to: "accuracy.csv")
        try folder.write(GradCheckCommand.csv(check.report), to: "gradcheck.csv")
        let reportPath = try folder.write(report(check: check, speed: speed, plan: plan, runs: runs,
                                                 lossSVG: lossSVG, accuracySVG: accuracySVG, differenceSVG: differenceSVG,
                                                 maxLossDifference: maxLossDifference, maxAccuracyDifference: maxAccuracyDifference,
                                                 maxWeightDifference: maxWeightDifference, seed: seed, arguments: arguments).render(),
                                          to: "index.html")

        if json {
            console.line(JSON.object([
                ("numericSeconds", .number(speed.fullSeconds)),
                ("incrementalNumericSeconds", .number(speed.incrementalSeconds)),
                ("backpropSeconds", .number(speed.backpropSeconds)),
                ("speedRatio", .number(speed.fullSeconds / speed.backpropSeconds)),
                ("maxLossDifference", .number(maxLossDifference)),
                ("maxAccuracyDifference", .number(maxAccuracyDifference)),
                ("maxWeightDifference", .number(maxWeightDifference)),
                ("gradientCheck", .array(check.report.comparisons.map(GradCheckCommand.comparisonJSON))),
                ("training", .object([
                    ("inputSize", .integer(inputs)), ("hiddenSize", .integer(plan.hidden)), ("outputSize", 10),
                    ("iterations", .integer(iterations)), ("batchSize", .integer(batchSize)), ("trainSize", .integer(trainSize)),
                    ("numericMethod", .string(method.rawValue)),
                    ("backpropSeconds", .number(backprop.seconds)), ("numericSeconds", .number(numeric.seconds)),
                    ("finalTestAccuracyBackprop", .number(backprop.epochs.last?.testAccuracy ?? .nan)),
                    ("finalTestAccuracyNumeric", .number(numeric.epochs.last?.testAccuracy ?? .nan)),
                    ("estimatedFullSizeSeconds", .number(plan.fullSizeEstimate)),
                ])),
                ("totalSeconds", .number(total.seconds)),
                ("report", .string(reportPath)),
            ]).text)
            return
        }
        let (backpropSmoothed, numericSmoothed) = (TrainingCharts.centredMovingAverage(backprop.losses),
                                                   TrainingCharts.centredMovingAverage(numeric.losses))
        console.write(TextChart.render(series: [
            ChartSeries(name: "backprop", x: backpropSmoothed.x, y: backpropSmoothed.y),
            ChartSeries(name: "numerical", x: numericSmoothed.x, y: numericSmoothed.y),
        ], width: 64, height: 12, title: "mini-batch loss (smoothed): the two curves coincide"))
        console.line()
        var table = TextTable(["iteration", "train (backprop)", "train (numerical)", "test (backprop)", "test (numerical)"])
        // At most about a dozen rows on the terminal; the report has them all.
        let pairs = Array(zip(backprop.epochs, numeric.epochs))
        let step = max(1, (pairs.count + 9) / 10)
        for (index, (b, n)) in pairs.enumerated() where index % step == 0 || index == pairs.count - 1 {
            table.add(["\(b.iteration)", fixed(b.trainAccuracy, 4), fixed(n.trainAccuracy, 4), fixed(b.testAccuracy, 4), fixed(n.testAccuracy, 4)])
        }
        console.line(table.text + (step > 1 ? "\n(every \(step)th evaluation; all are in the report)" : ""))
        console.line()
        console.line("done in \(duration(total.seconds)); report: \(reportPath)")
    }

    static func speedTable(_ speed: GradientTimings) -> String {
        var table = TextTable(["method", "time", "loss evaluations", "vs backprop"])
        table.add(["numerical, full (the book's)", duration(speed.fullSeconds), "\(speed.fullEvaluations)", "\(fixed(speed.fullSeconds / speed.backpropSeconds, 0))×"])
        table.add(["numerical, incremental", duration(speed.incrementalSeconds), "\(speed.incrementalEvaluations) (partial)", "\(fixed(speed.incrementalSeconds / speed.backpropSeconds, 0))×"])
        table.add(["backprop", duration(speed.backpropSeconds), "1 forward + 1 backward", "1×"])
        return table.text + "\nfull and incremental numerical gradients differ by at most \(scientific(speed.maxDifference ?? .nan)) (round-off of the central difference)"
    }

    /// The network size chosen for the numerical training run, and why.
    struct Plan {
        var hidden: Int
        var secondsPerGradient: Double
        var fullSizeSecondsPerGradient: Double
        var fullSizeEstimate: Double
        var summary: String
    }

    /// Measures one numerical gradient at the requested size; if `iterations` of them would not
    /// fit in `budget`, tries smaller hidden layers until one does.
    static func planTraining(inputs: Int, hidden: Int, iterations: Int, budget: Double, x: Tensor, t: Tensor,
                             method: NumericalMethod, seed: UInt64, fullSizeSeconds: Double) -> Plan {
        func secondsPerGradient(_ size: Int) -> Double {
            let net = TwoLayerNet(inputSize: inputs, hiddenSize: size, outputSize: 10, seed: seed)
            let (_, seconds) = Stopwatch.time { _ = numericalGradient(of: net.network, x, t, method: method) }
            return seconds
        }
        let fullSize = fullSizeSeconds
        let estimate = fullSize * Double(iterations)
        if estimate <= budget {
            return Plan(hidden: hidden, secondsPerGradient: fullSize, fullSizeSecondsPerGradient: fullSize, fullSizeEstimate: estimate,
                        summary: "\(inputs)-\(hidden)-10, \(iterations) iterations (numerical run estimated at \(duration(estimate)))")
        }
        var size = hidden
        var perGradient = fullSize
        while size > 1 {
            // The full method's cost grows with the square of the network, the incremental one's
            // linearly: shrink the hidden layer by the matching root of how far over budget it is.
            let over = budget / (perGradient * Double(iterations))
            size = max(1, Int(Double(size) * min(0.7, method == .full ? over.squareRoot() : over)))
            perGradient = secondsPerGradient(size)
            if perGradient * Double(iterations) <= budget { break }
        }
        let summary = """
            \(inputs)-\(size)-10, \(iterations) iterations.
               The full \(inputs)-\(hidden)-10 net needs \(duration(fullSize)) per \(method.rawValue) numerical gradient, \
            so \(iterations) iterations would take about \(duration(estimate)) (the book's 10000: about \
            \(duration(fullSize * 10_000))); hidden size \(size) fits the \(duration(budget)) budget \
            (\(duration(perGradient)) per gradient).
            """
        return Plan(hidden: size, secondsPerGradient: perGradient, fullSizeSecondsPerGradient: fullSize,
                    fullSizeEstimate: estimate, summary: summary)
    }

    static func report(check: GradCheckCommand.Result, speed: GradientTimings, plan: Plan, runs: [TrainingCharts.Run],
                       lossSVG: String, accuracySVG: String, differenceSVG: String,
                       maxLossDifference: Double, maxAccuracyDifference: Double, maxWeightDifference: Double,
                       seed: UInt64, arguments: ParsedArguments) -> HTMLReport {
        let checkRows = check.report.comparisons.map { (c: GradientComparison) -> [String] in
            let shape = c.shape.map(String.init).joined(separator: "×")
            let worst: String = c.maxRelativeError.map { scientific($0) } ?? "–"
            let at: String = c.worstIndex.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "–"
            return [c.name, shape, scientific(c.meanAbsoluteDifference), scientific(c.normRelativeError), worst, at, c.verdict.rawValue]
        }
        let (backprop, numeric) = (runs[0].history, runs[1].history)
        let epochRows = zip(backprop.epochs, numeric.epochs).map { b, n in
            ["\(b.iteration)", fixed(b.trainAccuracy, 4), fixed(n.trainAccuracy, 4), fixed(b.testAccuracy, 4), fixed(n.testAccuracy, 4)]
        }
        return HTMLReport(
            title: "GradLab: numerical gradients and backprop",
            subtitle: "TwoLayerNet on MNIST, seed \(seed)",
            sections: [
                .init(heading: "The two training runs coincide", blocks: [
                    .note("Same initial weights, same batches: the numerical and backprop runs differ by at most \(scientific(maxLossDifference)) in loss and \(scientific(maxAccuracyDifference)) in accuracy (final weights: \(scientific(maxWeightDifference))). At plotting precision the curves are one."),
                    .paragraph(plan.summary.replacingOccurrences(of: "\n   ", with: " ")),
                    .svg(lossSVG),
                    .svg(accuracySVG),
                    .svg(differenceSVG),
                    .table(header: ["iteration", "train (backprop)", "train (numerical)", "test (backprop)", "test (numerical)"], rows: epochRows),
                ]),
                .init(heading: "Gradient check", blocks: [
                    .paragraph(check.description),
                    .table(header: ["param", "shape", "mean |a − n|", "norm-rel. error", "worst rel. error", "worst at", "verdict"], rows: checkRows),
                    .paragraph("The worst element is sought among elements above the round-off floor \(scientific(check.report.comparisons.first?.roundOffFloor ?? 0)) = ε·max(|L|, 1)/h / 1e-7: below it, round-off alone could push the relative error out of the good band. Bands: good ≤ 1e-7, acceptable (only with kinks) ≤ 1e-4, suspicious ≤ 1e-2, wrong above."),
                ]),
                .init(heading: "Speed: why the numerical gradient is slow", blocks: [
                    .table(header: ["method", "time", "loss evaluations", "vs backprop"], rows: [
                        ["numerical, full (the book's)", duration(speed.fullSeconds), "\(speed.fullEvaluations)", "\(fixed(speed.fullSeconds / speed.backpropSeconds, 0))×"],
                        ["numerical, incremental", duration(speed.incrementalSeconds), "\(speed.incrementalEvaluations)", "\(fixed(speed.incrementalSeconds / speed.backpropSeconds, 0))×"],
                        ["backprop", duration(speed.backpropSeconds), "1 forward + 1 backward", "1×"],
                    ]),
                    .paragraph("The full method runs the whole network twice per parameter. The incremental method reuses the cached forward pass and recomputes only the hidden unit or score a parameter touches. Backprop takes that reuse to its end: one forward pass, one backward pass, every gradient at once."),
                ]),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab " + arguments.reproductionArguments)]),
            ])
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// `gradlab gradcheck`: numerical against backprop gradients of a TwoLayerNet, parameter by
/// parameter, on the first few MNIST training images (the book's check uses 3).
enum GradCheckCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "gradcheck",
        abstract: "Check backprop against the numerical gradient, parameter by parameter.",
        discussion: """
            Builds a seeded TwoLayerNet, takes the first --batch training images, computes the \
            gradient of the loss twice (central differences and backprop) and compares them: mean \
            absolute difference (what the book prints), norm-relative error, and the worst element \
            above the round-off floor, with a verdict (good ≤ 1e-7 < acceptable ≤ 1e-4 < suspicious \
            ≤ 1e-2 < wrong).
            """,
        options: [
            network, hidden, batch, activation, step, bookDelta, random, inputs,
            DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let network = Option<String?>("network", "SPEC", help: "The layers, e.g. \"affine 100, tanh, affine 10\" (instead of --hidden and --activation).")
    static let hidden = Option<Int>("hidden", "N", help: "Hidden units.", default: 50, range: 1...100_000)
    static let batch = Option<Int>("batch", "N", help: "How many training images (the first N).", default: 3, range: 1...60_000)
    static let activation = Option<HiddenActivation>("activation", "NAME", help: "Hidden activation.", default: .sigmoid)
    static let step = Option<Double>("step", "H", help: "Finite-difference step h.", default: 1e-4, range: 1e-300...1)
    static let bookDelta = Option<Bool>(flag: "book-delta", help: "Put the book's δ = 1e-7 inside the log for the numerical loss, to see the disagreement it causes.")
    static let random = Option<Bool>(flag: "random", help: "Use random inputs instead of MNIST images.")
    static let inputs = Option<Int>("inputs", "N", help: "Inputs per sample with --random.", default: 784, range: 1...100_000)

    /// The result of one check, for the text and JSON outputs and the main job.
    struct Result {
        var report: GradientCheckReport
        var numericSeconds: Double
        var backpropSeconds: Double
        var lossEvaluations: Int
        var description: String
    }

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let hidden = try arguments[Self.hidden]
        let batch = try arguments[Self.batch]
        let activation = try arguments[Self.activation]
        let h = try arguments[Self.step]
        let seed = try arguments[CommonOptions.seed]
        let dataPath = try arguments[DataSource.option]
        let x: Tensor, t: Tensor, source: String
        if try arguments[Self.random] {
            let inputs = try arguments[Self.inputs]
            var generator = SplitMix64(seed: seed &+ 1)
            x = Tensor(shape: [batch, inputs], scalars: (0..<(batch * inputs)).map { _ in generator.nextUniform() })
            t = Tensor((0..<batch).map { _ in Double(generator.nextIndex(below: 10)) })
            source = "\(batch) random inputs"
        } else {
            let data = try DataSource.load(from: dataPath)
            guard batch <= data.train.count else {
                throw CommandError("--batch \(batch): the training set has only \(data.train.count) images")
            }
            let indices = Array(0..<batch)
            x = data.train.images(at: indices)
            t = Tensor(data.train.labels(at: indices).map(Double.init))
            source = "the first \(batch) training images of \(DataSource.name(of: dataPath))"
        }
        let network = try arguments[Self.network]
        if network != nil {
            for shorthand: any OptionDeclaration in [Self.hidden, Self.activation] where arguments.wasGiven(shorthand) {
                throw CommandError("give --network or --\(shorthand.definition.name), not both (--hidden and --activation describe the book's network)")
            }
        }
        let specification = network ?? "affine \(hidden), \(activation.rawValue), affine 10"
        let net: Sequential
        do {
            net = try Sequential(specification: specification, inputSize: x.shape[1], outputSize: 10,
                                     kinds: LayerCatalog.all, seed: seed)
        } catch {
            throw CommandError("--\(error.description)")
        }
        let result = check(net, specification: specification, x, t, h: h, bookDelta: try arguments[Self.bookDelta],
                           source: source)
        if try arguments[CommonOptions.json] {
            console.line(json(result).text)
        } else {
            console.line(text(result))
        }
        let folder = try CommonOptions.outputFolder(arguments)
        try folder.write(csv(result.report), to: "gradcheck.csv")
    }

    /// Runs the check and times both gradients. The numerical gradient is the book's full
    /// method: on all cores for Affine, sigmoid/relu/tanh, Affine; through the layers otherwise.
    static func check(_ net: Sequential, specification: String, _ x: Tensor, _ t: Tensor, h: Double, bookDelta: Bool,
                      source: String) -> Result {
        let (numeric, numericSeconds) = Stopwatch.time {
            if bookDelta {
                var withDelta = net
                withDelta.lossLayer = SoftmaxWithLoss(delta: 1e-7)
                return withDelta.numericalGradient(x, t, h: h)
            }
            return TwoLayerView(net) != nil
                ? numericalGradient(of: net, x, t, h: h, method: .full)
                : net.numericalGradient(x, t, h: h)
        }
        // Backprop is fast: repeat it so the timer has something to measure, keep the best.
        var analytic = net.gradient(x, t).gradient
        var backpropSeconds = Double.infinity
        let watch = Stopwatch()
        while watch.seconds < 0.2 {
            let (gradient, seconds) = Stopwatch.time { net.gradient(x, t).gradient }
            analytic = gradient
            backpropSeconds = min(backpropSeconds, seconds)
        }
        let loss = bookDelta ? crossEntropyError(net.predict(x), t) : net.loss(x, t)
        let report = GradientCheckReport(analytic: analytic.named, numeric: numeric.named, loss: loss, h: h)
        let description = "network \"\(specification)\" (\(groupedThousands(net.parameterCount)) parameters), \(source), h = \(h)"
            + (bookDelta ? ", numerical loss with the book's δ = 1e-7" : "")
        return Result(report: report, numericSeconds: numericSeconds, backpropSeconds: backpropSeconds,
                      lossEvaluations: 2 * net.parameters.scalarCount, description: description)
    }

    static func text(_ result: Result) -> String {
        var table = TextTable(["param", "shape", "mean |a−n|", "norm-rel err", "worst rel err",
                               "worst at", "backprop", "numeric", "judged", "verdict"])
        for c in result.report.comparisons {
            table.add([c.name, c.shape.map(String.init).joined(separator: "×"),
                       scientific(c.meanAbsoluteDifference), scientific(c.normRelativeError),
                       c.maxRelativeError.map { scientific($0) } ?? "–",
                       c.worstIndex.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "–",
                       c.worstAnalytic.map { scientific($0, digits: 6) } ?? "–",
                       c.worstNumeric.map { scientific($0, digits: 6) } ?? "–",
                       "\(c.comparedCount - c.belowFloorCount - c.kinksCrossed)/\(c.comparedCount)",
                       c.verdict.rawValue])
        }
        let floor = result.report.comparisons.first?.roundOffFloor ?? 0
        let ratio = result.numericSeconds / result.backpropSeconds
        return """
            Gradient check: \(result.description)
            loss \(fixed(result.report.loss, 6))

            \(table.text)

            "judged": elements with |a| + |n| above the round-off floor \(scientific(floor)) = ε·max(|L|,1)/h / 1e-7;
            below it, round-off alone (about ε·|L|/h) could push the relative error out of the "good" band.
            numerical gradient \(duration(result.numericSeconds)) (\(result.lossEvaluations) loss evaluations), \
            backprop \(duration(result.backpropSeconds)): backprop is \(fixed(ratio, 0))× faster
            verdict: \(result.report.verdict.rawValue)
            """
    }

    static func json(_ result: Result) -> JSON {
        .object([
            ("parameters", .array(result.report.comparisons.map(comparisonJSON))),
            ("loss", .number(result.report.loss)),
            ("h", .number(result.report.h)),
            ("verdict", .string(result.report.verdict.rawValue)),
            ("numericSeconds", .number(result.numericSeconds)),
            ("backpropSeconds", .number(result.backpropSeconds)),
            ("lossEvaluations", .integer(result.lossEvaluations)),
        ])
    }

    static func comparisonJSON(_ c: GradientComparison) -> JSON {
        .object([
            ("name", .string(c.name)),
            ("shape", .array(c.shape.map { .integer($0) })),
            ("meanAbsDiff", .number(c.meanAbsoluteDifference)),
            ("normRelError", .number(c.normRelativeError)),
            ("maxRelError", c.maxRelativeError.map { .number($0) } ?? .null),
            ("worst", c.worstIndex.map { .array($0.map { .integer($0) }) } ?? .null),
            ("worstBackprop", c.worstAnalytic.map { .number($0) } ?? .null),
            ("worstNumeric", c.worstNumeric.map { .number($0) } ?? .null),
            ("roundOffFloor", .number(c.roundOffFloor)),
            ("belowFloor", .integer(c.belowFloorCount)),
            ("verdict", .string(c.verdict.rawValue)),
        ])
    }

    static func csv(_ report: GradientCheckReport) -> String {
        CSV.render(header: ["name", "meanAbsDiff", "normRelError", "maxRelError", "worst", "verdict"],
                   rows: report.comparisons.map { c in
                       [c.name, "\(c.meanAbsoluteDifference)", "\(c.normRelativeError)",
                        c.maxRelativeError.map { "\($0)" } ?? "",
                        c.worstIndex.map { $0.map(String.init).joined(separator: " ") } ?? "", c.verdict.rawValue]
                   })
    }
}

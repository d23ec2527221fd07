import GradLab
import GradLabData
import GradLabFastPaths
import GradLabSwiftAutodiff
import Foundation

extension GradCheckCommand {
    /// The result of one check, for the text and JSON outputs and the main job.
    struct Result {
        /// Each parameter's comparison and the overall verdict.
        var report: GradientCheckReport
        /// Seconds of the numerical gradient.
        var numericSeconds: Double
        /// Best seconds of one backprop gradient.
        var backpropSeconds: Double
        /// Loss evaluations of the numerical gradient: two per parameter.
        var lossEvaluations: Int
        /// What was checked: the network, the samples, h.
        var description: String
        /// The numerical gradient that was checked.
        var numeric: Parameters
        /// The backprop gradient it was checked against.
        var analytic: Parameters
        /// The kinks the numerical gradient crossed, by parameter and flat index.
        var kinks: [String: [Int: OneSidedSlopes]]
        /// The step-free check of the backprop gradient: the Taylor remainder's slope (2 when
        /// the gradient is right, 1 when it is wrong).
        var taylor: TaylorTest
        /// Every pair of the `--sources` gradients, compared (numeric against backprop is `report`).
        var pairs: [Pair] = []
    }

    /// Two gradients of the same loss, compared parameter by parameter.
    struct Pair {
        /// The two sources' names, as typed in `--sources`.
        var a: String, b: String
        /// Their comparison (b in the "analytic" role, a in the "numeric" one).
        var report: GradientCheckReport
    }

    /// The samples to check on, and where they came from.
    struct Samples {
        /// The inputs, one row per sample.
        var x: Tensor
        /// The labels.
        var t: Tensor
        /// "the first 3 training images of MNIST", "3 random inputs".
        var source: String
        /// The shape of one image [rows, columns, channels]; nil for random vectors.
        var imageShape: [Int]? = nil
    }

    /// Random inputs, or the first training images of the data set.
    ///
    /// - Throws: `CommandError` if the data cannot be loaded or has fewer images than asked.
    static func samples(_ settings: Settings) throws -> Samples {
        let batch = settings.batch
        if let inputs = settings.randomInputs {
            var generator = SplitMix64(seed: settings.seed &+ 1)
            let x = Tensor(shape: [batch, inputs], scalars: (0..<(batch * inputs)).map { _ in generator.nextUniform() })
            let t = Tensor((0..<batch).map { _ in Double(generator.nextIndex(below: 10)) })
            if let shape = settings.randomImageShape {
                return Samples(x: x, t: t, source: "\(batch) random images of \(shape.map(String.init).joined(separator: "×"))", imageShape: shape)
            }
            return Samples(x: x, t: t, source: "\(batch) random inputs")
        }
        let data = try DataSource.load(from: settings.dataPath)
        guard batch <= data.train.count else {
            throw CommandError("--batch \(batch): the training set has only \(data.train.count) images")
        }
        let indices = Array(0..<batch)
        return Samples(x: data.train.images(at: indices), t: Tensor(data.train.labels(at: indices).map(Double.init)),
                       source: "the first \(batch) training images of \(DataSource.name(of: settings.dataPath))",
                       imageShape: [data.train.rows, data.train.columns, 1])
    }

    /// Runs the check and times both gradients. The numerical gradient is the book's full
    /// method: on all cores for Affine, sigmoid/relu/tanh, Affine; through the layers otherwise.
    static func check(_ net: Sequential, specification: String, _ x: Tensor, _ t: Tensor, h: Double, bookDelta: Bool,
                      source: String) -> Result {
        // Through the layers, the kinks crossed (a ReLU that flips, an L1 weight near 0) are noted
        // with their one-sided slopes; the fast path for the book's network does not look.
        let ((numeric, kinks), numericSeconds) = Stopwatch.time { () -> (Parameters, [String: [Int: OneSidedSlopes]]) in
            if bookDelta {
                var withDelta = net
                withDelta.lossLayer = SoftmaxWithLoss(delta: 1e-7)
                return (withDelta.numericalGradient(x, t, h: h), [:])
            }
            if TwoLayerView(net) != nil { return (numericalGradient(of: net, x, t, h: h, method: .full), [:]) }
            return net.numericalGradientNotingKinks(x, t, h: h)
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
        let loss = bookDelta ? crossEntropyError(net.predict(x), t) : net.loss(x, t, mode: .training)
        let report = GradientCheckReport(analytic: analytic.named, numeric: numeric.named, loss: loss, h: h, kinks: kinks)
        let description = describe(net, specification: specification, source: source, h: h, bookDelta: bookDelta)
        // A seeded random direction, the same for every run with the same network.
        var generator = SplitMix64(seed: 7)
        var direction = net.parameters.map { Tensor.randomNormal(shape: $0.shape, using: &generator) }
        // A kink at the point itself (a bias of 0 under MNIST's blank background puts every ReLU
        // there exactly on its kink) bends the remainder at every ε: the direction leaves the
        // elements where a kink was found where they are.
        for (index, name) in direction.names.enumerated() {
            for element in (kinks[name] ?? [:]).keys { direction.modify(at: index) { $0[flat: element] = 0 } }
        }
        let taylor = TaylorTest(loss: { candidate in
            var moved = net
            moved.parameters = candidate
            return moved.loss(x, t, mode: .training)
        }, at: net.parameters, gradient: analytic, direction: direction)
        return Result(report: report, numericSeconds: numericSeconds, backpropSeconds: backpropSeconds,
                      lossEvaluations: 2 * net.parameters.scalarCount, description: description, numeric: numeric, analytic: analytic, kinks: kinks,
                      taylor: taylor)
    }
}

/// One way to a gradient that `gradcheck --sources` can compute.
enum GradientKind: String, CaseIterable {
    /// Central differences (the book's method).
    case numeric
    /// Backprop through the layers.
    case backprop
    /// The gradient tape.
    case tape
    /// Swift's own autodiff.
    case autodiff

    /// The kinds named in a comma-separated list such as "numeric,backprop,tape".
    ///
    /// - Throws: ``UsageError`` naming an unknown or repeated name, with the known ones.
    static func list(_ text: String) throws -> [GradientKind] {
        var kinds: [GradientKind] = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let kind = GradientKind(rawValue: word) else {
                throw UsageError("--sources: unknown gradient '\(word)'; choose from \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !kinds.contains(kind) else { throw UsageError("--sources: '\(word)' is named twice") }
            kinds.append(kind)
        }
        guard kinds.count >= 2 else {
            throw UsageError("--sources: name at least two gradients to compare, e.g. numeric,backprop,tape")
        }
        return kinds
    }
}

extension GradCheckCommand {
    /// What was checked, in one line: the network, its size, the samples, h, and the loss,
    /// penalty and δ when they are not the defaults.
    static func describe(_ net: Sequential, specification: String, source: String, h: Double, bookDelta: Bool) -> String {
        var description = "network \"\(specification)\" (\(groupedThousands(net.parameterCount)) parameters), \(source), h = \(h)"
        if let kind = LossKind(net.lossLayer), kind != .crossEntropy { description += ", loss \(kind.rawValue)" }
        if net.weightDecay.l2 > 0 { description += ", weight decay λ = \(net.weightDecay.l2)" }
        if net.weightDecay.l1 > 0 { description += ", L1 λ = \(net.weightDecay.l1)" }
        if bookDelta { description += ", numerical loss with the book's δ = 1e-7" }
        return description
    }

    /// Every pair of the chosen gradients, compared. The numeric and backprop gradients of
    /// `checked` are reused; the tape and Swift's autodiff are computed here.
    ///
    /// - Throws: ``UsageError`` when a source cannot handle the network; `CommandError` when
    ///   the toolchain lacks `_Differentiation` for autodiff.
    static func compare(_ kinds: [GradientKind], network: Sequential, _ x: Tensor, _ t: Tensor, h: Double,
                        checked: Result?) throws -> [Pair] {
        var gradients: [GradientKind: Parameters] = [:]
        var kinks = checked?.kinks ?? [:]
        for kind in kinds {
            switch kind {
            case .numeric:
                if let checked {
                    gradients[kind] = checked.numeric
                } else if TwoLayerView(network) != nil {
                    gradients[kind] = numericalGradient(of: network, x, t, h: h, method: .full)
                } else {
                    (gradients[kind], kinks) = network.numericalGradientNotingKinks(x, t, h: h)
                }
            case .backprop:
                gradients[kind] = checked?.analytic ?? network.gradient(x, t).gradient
            case .tape:
                guard network.runsOnTape else {
                    throw UsageError("--sources tape: every layer needs a forward pass on the tape (TapeLayer)")
                }
                gradients[kind] = network.tapeGradient(x, t).gradient
            case .autodiff:
                gradients[kind] = try swiftAutodiffGradient(network, x, t)
            }
        }
        let loss = network.loss(x, t, mode: .training)
        var pairs: [Pair] = []
        for (i, a) in kinds.enumerated() {
            for b in kinds[(i + 1)...] {
                // Between two exact methods there is no step: their floor is rounding alone (h = 1).
                let step = a == .numeric || b == .numeric ? h : 1
                pairs.append(Pair(a: a.rawValue, b: b.rawValue,
                                  report: GradientCheckReport(analytic: gradients[b]!.named, numeric: gradients[a]!.named,
                                                              loss: loss, h: step, kinks: a == .numeric ? kinks : [:])))
            }
        }
        return pairs
    }

    /// Swift's autodiff gradient of a network shaped Affine, activation, Affine.
    static func swiftAutodiffGradient(_ network: Sequential, _ x: Tensor, _ t: Tensor) throws -> Parameters {
        #if canImport(_Differentiation)
        guard SwiftAutodiffGradients(network) != nil, let activation = HiddenActivation(layer: network.layers[1]) else {
            throw UsageError("--sources autodiff covers 'affine N, sigmoid|relu|tanh, affine 10' only")
        }
        return SwiftAutodiff.gradient(of: TwoLayerNet(parameters: network.parameters, activation: activation), x, t).gradient
        #else
        throw CommandError("--sources autodiff: this toolchain has no _Differentiation module (swift.org's Linux toolchains have it, Xcode's has not)")
        #endif
    }
}

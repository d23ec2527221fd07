/// The result of `checkLayer`: is this layer's backward pass right?
public struct LayerCheckReport: Sendable {
    /// One comparison for the input gradient ("x") and one per parameter.
    public var comparisons: [GradientComparison]
    /// Shape mismatches found (dx not shaped like x, a gradient not shaped like its parameter).
    public var shapeProblems: [String]
    /// The largest relative deviation of backward from linearity in the upstream gradient:
    /// ‖b(αg₁ + βg₂) − αb(g₁) − βb(g₂)‖ / (‖b(αg₁ + βg₂)‖ + ‖αb(g₁) + βb(g₂)‖).
    public var linearityError: Double
    /// Whether two runs of forward and backward on copies gave bit-identical results.
    public var isDeterministic: Bool

    /// Elements excused because a kink lay within ±h, over all tensors.
    public var kinksCrossed: Int { comparisons.reduce(0) { $0 + $1.kinksCrossed } }

    /// The worst verdict over the input and parameter gradients.
    public var verdict: GradientVerdict { comparisons.map(\.verdict).max() ?? .good }

    /// Rounding in a linear map is a few ε; 10⁻¹⁰ leaves room for long sums.
    public static let linearityTolerance = 1e-10

    /// Whether everything checks out: gradients `good` (or `acceptable` when kinks were
    /// crossed), shapes right, backward linear and deterministic.
    public var passed: Bool { problems.isEmpty }

    /// What failed, in words; empty when the check passed.
    public var problems: [String] {
        var result = shapeProblems
        for comparison in comparisons where comparison.verdict > .good {
            if comparison.verdict == .acceptable && comparison.kinksCrossed > 0 { continue }
            var line = "\(comparison.name): \(comparison.verdict.rawValue), norm-relative error \(comparison.normRelativeError)"
            if let index = comparison.worstIndex, let a = comparison.worstAnalytic, let n = comparison.worstNumeric,
               let error = comparison.maxRelativeError {
                line += "; worst element \(index): backprop \(a), numeric \(n) (relative error \(error))"
            }
            result.append(line)
        }
        if !(linearityError <= Self.linearityTolerance) {
            result.append("backward is not linear in the upstream gradient (relative deviation \(linearityError))")
        }
        if !isDeterministic { result.append("two identical runs gave different results") }
        return result
    }

    /// One line per kink crossed: where, the slopes from the left and from the right, and
    /// backprop's value.
    public var kinkNotes: [String] {
        comparisons.flatMap { comparison in
            comparison.kinks.map { kink in
                "\(comparison.name)\(kink.index): kink crossed, slope from the left \(kink.left), from the right \(kink.right); backprop \(kink.analytic)"
            }
        }
    }
}

/// Checks any layer's backward pass against the numerical gradient: the tool for a student who
/// has written a new layer.
///
/// The check turns the layer into a scalar function with a random upstream gradient g:
///
/// ```
/// L(x, θ) = Σ g ⊙ forward(x; θ)      so   ∂L/∂x = backward(g)   and   ∂L/∂θ = gradients
/// ```
///
/// and then:
/// 1. compares dx and every parameter gradient with central differences (every element, or a
///    seeded sample with `sampling`);
/// 2. flags elements where a kink lies within ±h as "kink crossed", not failures: there the
///    one-sided differences (L(x+h) − L(x))/h and (L(x) − L(x−h))/h disagree by far more than
///    a smooth function's h·L″;
/// 3. checks that shapes agree, that backward is linear in g, and that two runs give
///    bit-identical results.
///
/// - Parameters:
///   - layer: the layer to check (never changed: the check works on copies).
///   - input: a batch to run it on.
///   - h: the finite-difference step (default 10⁻⁴).
///   - seed: seeds the upstream gradients.
///   - sampling: which elements to compare (default all).
/// - Returns: the report; `passed` says whether all is well, `problems` says what is not.
public func checkLayer<L: Layer>(
    _ layer: L, input: Tensor, h: Double = 1e-4, seed: UInt64 = 0, sampling: ElementSampling = .all
) -> LayerCheckReport {
    var generator = SplitMix64(seed: seed)
    var probe = layer
    let output = probe.forward(input)
    let upstream = Tensor.randomNormal(shape: output.shape, using: &generator)
    let dx = probe.backward(upstream)
    let parameters = layer.parameters
    let gradients = probe.gradients

    var shapeProblems: [String] = []
    if dx.shape != input.shape {
        shapeProblems.append("dx has shape \(dx.shape), the input has shape \(input.shape)")
    }
    if gradients.map(\.name) != parameters.map(\.name) {
        shapeProblems.append("gradients \(gradients.map(\.name)) do not match parameters \(parameters.map(\.name))")
    }
    for (p, g) in zip(parameters, gradients) where p.value.shape != g.value.shape {
        shapeProblems.append("gradient of \(p.name) has shape \(g.value.shape), the parameter \(p.value.shape)")
    }

    // L(x, θ) = Σ g ⊙ forward(x; θ), evaluated on a fresh copy each time.
    func objective(_ x: Tensor, _ parameters: [NamedTensor]) -> Double {
        var copy = layer
        copy.parameters = parameters
        let y = copy.forward(x)
        return zip(y.scalars, upstream.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    }
    let baseline = objective(input, parameters)
    let floor = GradientComparison.roundOffFloor(loss: baseline, h: h)

    // Central differences over the chosen elements of one tensor, noting kinks on the way.
    func compare(_ name: String, _ analytic: Tensor, salt: UInt64, evaluate: (Int, Double) -> Double)
        -> GradientComparison {
        let elements = sampling.indices(count: analytic.count, salt: salt)
        var numeric = Tensor.zeros(like: analytic)
        var kinks = Set<Int>()
        var slopes: [Int: (left: Double, right: Double)] = [:]
        for i in elements {
            let plus = evaluate(i, h), minus = evaluate(i, -h)
            numeric[flat: i] = (plus - minus) / (2 * h)
            let oneSided = OneSidedSlopes(minus: minus, baseline: baseline, plus: plus, h: h)
            if oneSided.showKink(roundOffFloor: floor) {
                kinks.insert(i)
                slopes[i] = (oneSided.left, oneSided.right)
            }
        }
        return GradientComparison(name: name, analytic: analytic, numeric: numeric,
                                  roundOffFloor: floor, elements: elements, kinks: kinks, oneSidedSlopes: slopes)
    }

    var comparisons: [GradientComparison] = []
    if dx.shape == input.shape {
        var scratch = input
        comparisons.append(compare("x", dx, salt: 0) { i, step in
            let original = scratch[flat: i]
            scratch[flat: i] = original + step
            defer { scratch[flat: i] = original }
            return objective(scratch, parameters)
        })
    }
    if shapeProblems.isEmpty {
        var scratch = parameters
        for (p, gradient) in gradients.enumerated() {
            comparisons.append(compare(gradient.name, gradient.value, salt: UInt64(p + 1)) { i, step in
                let original = scratch[p].value[flat: i]
                scratch[p].value[flat: i] = original + step
                defer { scratch[p].value[flat: i] = original }
                return objective(input, scratch)
            })
        }
    }

    // Linearity: backward(α g₁ + β g₂) = α backward(g₁) + β backward(g₂), for dx and every dθ.
    func backwardAll(_ g: Tensor) -> [Tensor] {
        var copy = layer
        _ = copy.forward(input)
        let dx = copy.backward(g)
        return [dx] + copy.gradients.map(\.value)
    }
    let g1 = Tensor.randomNormal(shape: output.shape, using: &generator)
    let g2 = Tensor.randomNormal(shape: output.shape, using: &generator)
    let (alpha, beta) = (0.75, -1.5)
    let combined = backwardAll(alpha * g1 + beta * g2)
    let separate = zip(backwardAll(g1), backwardAll(g2)).map { alpha * $0 + beta * $1 }
    var linearityError = 0.0
    for (c, s) in zip(combined, separate) where c.shape == s.shape {
        let scale = c.norm + s.norm
        let deviation = scale > 0 ? (c - s).norm / scale : (c - s).norm
        // A NaN deviation must show, so compare with `!(… <= …)`, which NaN fails.
        if !(deviation <= linearityError) { linearityError = deviation }
    }

    let isDeterministic = backwardAll(upstream) == backwardAll(upstream)
    return LayerCheckReport(comparisons: comparisons, shapeProblems: shapeProblems,
                            linearityError: linearityError, isDeterministic: isDeterministic)
}

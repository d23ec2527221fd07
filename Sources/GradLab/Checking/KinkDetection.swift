/// The slopes of a function on either side of a point, from the three values a central
/// difference needs anyway: (L(x) − L(x − h))/h on the left, (L(x + h) − L(x))/h on the right.
public struct OneSidedSlopes: Sendable, Equatable {
    /// The slope from the left.
    public var left: Double
    /// The slope from the right.
    public var right: Double

    /// The slopes from L(x − h), L(x) and L(x + h).
    public init(minus: Double, baseline: Double, plus: Double, h: Double) {
        left = (baseline - minus) / h
        right = (plus - baseline) / h
    }

    /// Whether a kink lies within ±h: a smooth function's one-sided slopes differ by about
    /// h·L″, a kink's (ReLU's at 0, |w|'s at 0) by a jump. The slopes count as a jump when they
    /// differ by more than 1 % of their size plus what round-off (`floor`, see
    /// `GradientComparison.roundOffFloor`) could explain.
    public func showKink(roundOffFloor floor: Double) -> Bool {
        abs(right - left) > 1e-2 * (abs(right) + abs(left)) + floor * 1e-7
    }
}

/// A layer whose function is made of pieces, such as ReLU (y = 0 or y = x) or max pooling
/// (which element of each window wins): it tells which piece each output used in its last
/// forward pass. A gradient check compares them at θ − h, θ and θ + h: if any changed, the step
/// crossed a kink, however small the jump in slope, and the central difference there measures
/// a mixture of two pieces' slopes rather than either.
public protocol PiecewiseLayer: Layer {
    /// For each output of the last forward pass, which piece of the function it came from.
    var pieces: [Int] { get }
}

/// ∂L/∂θ by central differences, as `numericalGradient(of:at:h:)`, noting every element where a
/// kink lies within ±h with its one-sided slopes: what a gradient check needs to excuse (and
/// report) the elements where a ReLU flips or an L1 penalty's |w| crosses 0.
///
/// A kink is found when the layers' pieces (`PiecewiseLayer`) at θ ± h differ from those at θ,
/// which catches every ReLU flip and every change of a max-pooling winner. Such an element is
/// measured again with h/10, then h/100: if a smaller step crosses no kink, its central
/// difference is the element's gradient (a kink near θ, stepped around); if every step crosses
/// one, the kink is at θ itself and the element is noted. Elements are also noted when the
/// one-sided slopes jump (for functions that do not report their pieces), or when
/// `knownKink(tensor, element)` names them in advance (L1's at w = 0, which can hide beside a
/// large slope from the data).
///
/// - Parameter loss: the loss at the given parameters, and the pieces every piecewise layer
///   used to compute it (empty if none report them).
/// - Complexity: 2 × `parameters.scalarCount` + 1 evaluations of `loss`, and 2 or 4 more for
///   each element whose step crossed a kink.
public func numericalGradientNotingKinks(
    of loss: (Parameters) -> (loss: Double, pieces: [[Int]]), at parameters: Parameters, h: Double = 1e-4,
    knownKink: (_ tensor: Int, _ element: Int) -> Bool = { _, _ in false }
) -> (gradient: Parameters, kinks: [String: [Int: OneSidedSlopes]]) {
    let (baseline, basePieces) = loss(parameters)
    let floor = GradientComparison.roundOffFloor(loss: baseline, h: h)
    var scratch = parameters
    var gradient = parameters.map { Tensor.zeros(like: $0) }
    var kinks: [String: [Int: OneSidedSlopes]] = [:]
    for index in 0..<parameters.count {
        for i in 0..<parameters.tensors[index].count {
            let original = parameters.tensors[index][flat: i]
            // L(θ ± step) and whether either side used other pieces than θ.
            func difference(_ step: Double) -> (plus: Double, minus: Double, crossed: Bool) {
                scratch.modify(at: index) { $0[flat: i] = original + step }
                let plus = loss(scratch)
                scratch.modify(at: index) { $0[flat: i] = original - step }
                let minus = loss(scratch)
                scratch.modify(at: index) { $0[flat: i] = original }
                return (plus.loss, minus.loss, plus.pieces != basePieces || minus.pieces != basePieces)
            }
            let first = difference(h)
            let slopes = OneSidedSlopes(minus: first.minus, baseline: baseline, plus: first.plus, h: h)
            var (measured, crossed, step) = ((first.plus - first.minus) / (2 * h), first.crossed, h)
            // A kink the pieces show, near θ but not at it, is stepped around: h/10, then h/100
            // (still far above round-off for losses near 1), keeping the first step that
            // crosses none. A kink at θ itself is crossed by every step, and is noted.
            while crossed && step > h / 150 {
                step /= 10
                let closer = difference(step)
                if !closer.crossed { (measured, crossed) = ((closer.plus - closer.minus) / (2 * step), false) }
            }
            gradient.modify(at: index) { $0[flat: i] = measured }
            if crossed || (step == h && slopes.showKink(roundOffFloor: floor)) || knownKink(index, i) {
                kinks[parameters.names[index], default: [:]][i] = slopes
            }
        }
    }
    return (gradient, kinks)
}

/// `numericalGradientNotingKinks` for a loss that does not report pieces: kinks are found by
/// the slopes and by `knownKink` only.
public func numericalGradientNotingKinks(
    of loss: (Parameters) -> Double, at parameters: Parameters, h: Double = 1e-4,
    knownKink: (_ tensor: Int, _ element: Int) -> Bool = { _, _ in false }
) -> (gradient: Parameters, kinks: [String: [Int: OneSidedSlopes]]) {
    numericalGradientNotingKinks(of: { (loss($0), []) }, at: parameters, h: h, knownKink: knownKink)
}

extension Sequential {
    /// `numericalGradient`, noting the kinks crossed with their one-sided slopes: every ReLU that
    /// flips and every max-pooling winner that changes (the layers' pieces), and under an L1
    /// penalty every weight within ±h of 0, where λ|w| bends.
    public func numericalGradientNotingKinks(_ x: Tensor, _ t: Tensor, h: Double = 1e-4)
        -> (gradient: Parameters, kinks: [String: [Int: OneSidedSlopes]]) {
        let current = parameters
        let l1 = weightDecay.l1 > 0
        return GradLab.numericalGradientNotingKinks(of: { candidate in
            var network = self
            network.parameters = candidate
            return network.trainingLossAndPieces(x, t)
        }, at: current, h: h) { tensor, element in
            l1 && WeightDecay.decays(current.tensors[tensor]) && abs(current.tensors[tensor][flat: element]) < h
        }
    }
}

extension Sequential {
    /// The loss in training mode (as `numericalGradient` takes it, on a copy) and the pieces
    /// every `PiecewiseLayer` used, containers' layers included, in order.
    func trainingLossAndPieces(_ x: Tensor, _ t: Tensor) -> (loss: Double, pieces: [[Int]]) {
        var network = self
        var lastLayer = lossLayer
        let scores = Self.forward(samples(x), through: &network.layers, mode: .training)
        let loss = lastLayer.forward(scores, t) + weightDecay.penalty(parameters)
        func pieces(_ layers: [any Layer]) -> [[Int]] {
            layers.flatMap { layer -> [[Int]] in
                if let container = layer as? any ContainerLayer { return pieces(container.layers) }
                return (layer as? any PiecewiseLayer).map { [$0.pieces] } ?? []
            }
        }
        return (loss, pieces(network.layers))
    }
}

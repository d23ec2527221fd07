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

/// ∂L/∂θ by central differences, as `numericalGradient(of:at:h:)`, noting every element where a
/// kink lies within ±h with its one-sided slopes: what a gradient check needs to excuse (and
/// report) the elements where a ReLU flips or an L1 penalty's |w| crosses 0.
///
/// The slopes find a kink whose jump is large next to the slopes themselves (a ReLU that flips).
/// A kink known in advance, such as L1's at w = 0, which can hide beside a large slope from the
/// data, is named by `knownKink(tensor, element)` and noted whatever the slopes say.
///
/// - Complexity: 2 × `parameters.scalarCount` + 1 evaluations of `loss`.
public func numericalGradientNotingKinks(
    of loss: (Parameters) -> Double, at parameters: Parameters, h: Double = 1e-4,
    knownKink: (_ tensor: Int, _ element: Int) -> Bool = { _, _ in false }
) -> (gradient: Parameters, kinks: [String: [Int: OneSidedSlopes]]) {
    let baseline = loss(parameters)
    let floor = GradientComparison.roundOffFloor(loss: baseline, h: h)
    var scratch = parameters
    var gradient = parameters.map { Tensor.zeros(like: $0) }
    var kinks: [String: [Int: OneSidedSlopes]] = [:]
    for index in 0..<parameters.count {
        for i in 0..<parameters.tensors[index].count {
            let original = parameters.tensors[index][flat: i]
            scratch.modify(at: index) { $0[flat: i] = original + h }
            let plus = loss(scratch)
            scratch.modify(at: index) { $0[flat: i] = original - h }
            let minus = loss(scratch)
            scratch.modify(at: index) { $0[flat: i] = original }
            gradient.modify(at: index) { $0[flat: i] = (plus - minus) / (2 * h) }
            let slopes = OneSidedSlopes(minus: minus, baseline: baseline, plus: plus, h: h)
            if slopes.showKink(roundOffFloor: floor) || knownKink(index, i) { kinks[parameters.names[index], default: [:]][i] = slopes }
        }
    }
    return (gradient, kinks)
}

extension Sequential {
    /// `numericalGradient`, noting the kinks crossed with their one-sided slopes: ReLU masks
    /// that flip, found by the slopes, and under an L1 penalty every weight within ±h of 0,
    /// where λ|w| bends.
    public func numericalGradientNotingKinks(_ x: Tensor, _ t: Tensor, h: Double = 1e-4)
        -> (gradient: Parameters, kinks: [String: [Int: OneSidedSlopes]]) {
        let current = parameters
        let l1 = weightDecay.l1 > 0
        return GradLab.numericalGradientNotingKinks(of: { candidate in
            var network = self
            network.parameters = candidate
            return network.loss(x, t, mode: .training)
        }, at: current, h: h) { tensor, element in
            l1 && WeightDecay.decays(current.tensors[tensor]) && abs(current.tensors[tensor][flat: element]) < h
        }
    }
}

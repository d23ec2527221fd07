/// The gradient check of a whole model: one `GradientComparison` per parameter, the book's
/// `gradient_check` with the numbers that tell right from wrong.
public struct GradientCheckReport: Sendable {
    /// One comparison per parameter, in the model's order.
    public var comparisons: [GradientComparison]
    /// The loss at which both gradients were taken.
    public var loss: Double
    /// The finite-difference step.
    public var h: Double

    /// The worst verdict over all parameters.
    public var verdict: GradientVerdict {
        comparisons.map(\.verdict).max() ?? .good
    }

    /// Compares analytic and numerical gradients given as named tensors in the same order.
    ///
    /// - Precondition: the names and shapes match pairwise.
    /// Elements where a kink lay within ±h (from `numericalGradientNotingKinks`), by parameter
    /// name and flat index, are counted and reported, not judged.
    public init(analytic: [NamedTensor], numeric: [NamedTensor], loss: Double, h: Double,
                elements: [String: [Int]] = [:], kinks: [String: [Int: OneSidedSlopes]] = [:]) {
        precondition(analytic.map(\.name) == numeric.map(\.name),
                     "GradientCheckReport: parameter names differ: \(analytic.map(\.name)) vs \(numeric.map(\.name))")
        let floor = GradientComparison.roundOffFloor(loss: loss, h: h)
        comparisons = zip(analytic, numeric).map { a, n in
            let slopes = kinks[a.name] ?? [:]
            return GradientComparison(name: a.name, analytic: a.value, numeric: n.value, roundOffFloor: floor,
                                      elements: elements[a.name], kinks: Set(slopes.keys),
                                      oneSidedSlopes: slopes.mapValues { ($0.left, $0.right) })
        }
        self.loss = loss
        self.h = h
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

    /// Checks a `TwoLayerNet` on a batch: numerical gradient against backprop, every element.
    public init(checking net: TwoLayerNet, _ x: Tensor, _ t: Tensor, h: Double = 1e-4) {
        self.init(analytic: net.gradient(x, t).named, numeric: net.numericalGradient(x, t, h: h).named,
                  loss: net.loss(x, t), h: h)
    }
}

/// One parameter's analytic gradient a against its numerical gradient n, summarised.
///
/// ```
/// mean absolute difference   (1/m) Σᵢ |aᵢ − nᵢ|               what the book prints
/// norm-relative error        ‖a − n‖ / (‖a‖ + ‖n‖)             one number per tensor
/// element relative error     |aᵢ − nᵢ| / (|aᵢ| + |nᵢ|)         the worst one is reported
/// ```
///
/// **The round-off floor.** A central difference carries a rounding error of about ε·|L|/h
/// (ε = 2.2·10⁻¹⁶, L the loss, h the step): each loss value is rounded to about ε·|L|, and the
/// difference is divided by 2h. An element whose true gradient is 10⁻⁹ therefore differs
/// from its numerical estimate by round-off alone, and its *relative* error means nothing. So
/// the worst element is sought only among elements with |aᵢ| + |nᵢ| ≥ floor, where
///
/// ```
/// floor = (ε · max(|L|, 1) / h) / 10⁻⁷
/// ```
///
/// is the size at which round-off alone could just reach the edge of the `good` band. Smaller
/// elements still count in the mean and norm-relative errors.
///
/// A tensor whose every element lies below the floor has a gradient of zero to within round-off
/// (a bias just before BatchNorm, which subtracts every shift again, is one). There the
/// norm-relative error of two vectors of rounding noise would be about 1 and mean nothing, so it
/// is taken against the floor's own size, ‖a − n‖ / max(‖a‖ + ‖n‖, floor · √m), m elements,
/// and `isBelowRoundOff` says so; such a tensor's verdict is `good`, since both gradients are zero
/// to within rounding and nothing finer can be judged.
///
/// Elements at which the function has a kink between x − h and x + h (a ReLU mask that flips)
/// can be excused (`kinks`): they are counted, not judged.
public struct GradientComparison: Sendable {
    /// The parameter's name ("W1", "b1", "x", …).
    public var name: String
    /// The parameter's shape.
    public var shape: [Int]
    /// How many elements were compared (all, or a sample).
    public var comparedCount: Int
    /// Mean of |aᵢ − nᵢ| over the compared elements: the book's printed number.
    public var meanAbsoluteDifference: Double
    /// ‖a − n‖ / (‖a‖ + ‖n‖) over the compared elements that are not kinks (0 if both are 0).
    public var normRelativeError: Double
    /// The largest |aᵢ − nᵢ| / (|aᵢ| + |nᵢ|) among judged elements (above the floor, not a
    /// kink), or `nil` if none is above the floor.
    public var maxRelativeError: Double?
    /// The multi-index of that worst element.
    public var worstIndex: [Int]?
    /// The analytic value at the worst element.
    public var worstAnalytic: Double?
    /// The numerical value at the worst element.
    public var worstNumeric: Double?
    /// The round-off floor used (see the type's documentation).
    public var roundOffFloor: Double
    /// How many compared elements were below the floor (not judged one by one).
    public var belowFloorCount: Int
    /// Elements excused because a kink lay within ±h ("kink crossed").
    public var kinksCrossed: Int
    /// At each kink crossed, the slopes measured from the left and from the right and what
    /// backprop said. At ReLU's 0 the two sides' derivatives are 0 and the upstream gradient, and
    /// backprop's value is one of them (the book's mask takes the left); a one-sided difference
    /// that straddles the kink measures a blend. Reported instead of a failure.
    public var kinks: [Kink] = []

    /// A kink that the central difference straddled.
    public struct Kink: Sendable, Equatable {
        /// The element's multi-index.
        public var index: [Int]
        /// The slope from the left, (L(θ) − L(θ − h)) / h.
        public var left: Double
        /// The slope from the right, (L(θ + h) − L(θ)) / h.
        public var right: Double
        /// The analytic (backprop) value there.
        public var analytic: Double
    }
    /// Compared elements where either gradient is NaN or infinite (kinks included: a kink
    /// excuses a difference, not a value that is not a number).
    public var nonFiniteCount: Int
    /// Whether every element judged lies below the round-off floor: the gradient is zero to
    /// within rounding, and `normRelativeError` is measured against the floor.
    public var isBelowRoundOff: Bool

    /// The multi-index of the first of them, or `nil` if every compared element is finite.
    public var firstNonFiniteIndex: [Int]?
    /// The analytic value there.
    public var firstNonFiniteAnalytic: Double?
    /// The numerical value there.
    public var firstNonFiniteNumeric: Double?

    /// `.nonFinite` if any compared element is NaN or infinite; otherwise the band of the worse
    /// of the norm-relative and the worst element's relative error.
    /// A tensor below the round-off floor throughout is `good`: both gradients are zero to within
    /// rounding, and nothing finer can be judged.
    public var verdict: GradientVerdict {
        guard nonFiniteCount == 0 else { return .nonFinite }
        if isBelowRoundOff { return .good }
        return GradientVerdict(relativeError: Swift.max(normRelativeError, maxRelativeError ?? 0))
    }

    /// The relative error of one pair: |a − n| / (|a| + |n|), and 0 when both are 0.
    public static func relativeError(_ a: Double, _ n: Double) -> Double {
        let scale = abs(a) + abs(n)
        return scale == 0 ? 0 : abs(a - n) / scale
    }

    /// The round-off floor for a loss of size `loss` and step `h` (see the type's documentation).
    public static func roundOffFloor(loss: Double, h: Double) -> Double {
        Double.ulpOfOne * Swift.max(abs(loss), 1) / h / GradientVerdict.good.upperBound
    }

    /// Compares an analytic and a numerical gradient of the same shape.
    ///
    /// - Parameters:
    ///   - name: the parameter's name.
    ///   - analytic: the backprop gradient.
    ///   - numeric: the numerical gradient (only `elements` need be filled in).
    ///   - roundOffFloor: see `roundOffFloor(loss:h:)`.
    ///   - elements: the flat indices compared (default: all).
    ///   - kinks: flat indices where a kink lay within ±h; they are counted, not judged.
    ///   - oneSidedSlopes: the left and right derivatives measured at those kinks, to report.
    public init(
        name: String, analytic: Tensor, numeric: Tensor, roundOffFloor: Double,
        elements: [Int]? = nil, kinks: Set<Int> = [], oneSidedSlopes: [Int: (left: Double, right: Double)] = [:]
    ) {
        precondition(analytic.shape == numeric.shape,
                     "GradientComparison \(name): analytic \(analytic.shape) and numeric \(numeric.shape) differ in shape")
        let indices = elements ?? Array(0..<analytic.count)
        self.name = name
        shape = analytic.shape
        comparedCount = indices.count
        self.roundOffFloor = roundOffFloor
        var absoluteSum = 0.0, differenceSquares = 0.0, analyticSquares = 0.0, numericSquares = 0.0
        var worst: (error: Double, index: Int)?
        var below = 0, kinkCount = 0
        var nonFinite = 0, firstNonFinite: Int?
        for i in indices {
            let a = analytic[flat: i], n = numeric[flat: i]
            if !a.isFinite || !n.isFinite {
                nonFinite += 1
                if firstNonFinite == nil { firstNonFinite = i }
            }
            absoluteSum += abs(a - n)
            if kinks.contains(i) {
                kinkCount += 1
                continue
            }
            differenceSquares += (a - n) * (a - n)
            analyticSquares += a * a
            numericSquares += n * n
            if abs(a) + abs(n) < roundOffFloor {
                below += 1
                continue
            }
            let error = Self.relativeError(a, n)
            // `!(error <= worst)` also catches NaN, which must never hide.
            if worst == nil || !(error <= worst!.error) { worst = (error, i) }
        }
        meanAbsoluteDifference = indices.isEmpty ? 0 : absoluteSum / Double(indices.count)
        let judged = indices.count - kinkCount
        isBelowRoundOff = judged > 0 && below == judged
        var scale = analyticSquares.squareRoot() + numericSquares.squareRoot()
        if isBelowRoundOff { scale = Swift.max(scale, roundOffFloor * Double(judged).squareRoot()) }
        normRelativeError = scale == 0 ? (differenceSquares == 0 ? 0 : .infinity)
                                       : differenceSquares.squareRoot() / scale
        belowFloorCount = below
        kinksCrossed = kinkCount
        nonFiniteCount = nonFinite
        firstNonFiniteIndex = firstNonFinite.map { analytic.multiIndex(ofFlatIndex: $0) }
        firstNonFiniteAnalytic = firstNonFinite.map { analytic[flat: $0] }
        firstNonFiniteNumeric = firstNonFinite.map { numeric[flat: $0] }
        maxRelativeError = worst?.error
        worstIndex = worst.map { analytic.multiIndex(ofFlatIndex: $0.index) }
        worstAnalytic = worst.map { analytic[flat: $0.index] }
        worstNumeric = worst.map { numeric[flat: $0.index] }
        self.kinks = indices.filter { kinks.contains($0) }.compactMap { i in
            oneSidedSlopes[i].map { Kink(index: analytic.multiIndex(ofFlatIndex: i), left: $0.left, right: $0.right,
                                         analytic: analytic[flat: i]) }
        }
    }
}

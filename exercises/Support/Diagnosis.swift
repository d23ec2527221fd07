import Foundation
import GradLab

// The common ways a backward pass goes wrong leave fingerprints in the numbers: a constant ratio
// (a missing factor, a wrong sign, a missing /N), zeros in the wrong places (a mask), a
// transpose. Saying which one the checker sees turns "wrong" into something a student can act on.

/// One sentence on how `yours` differs from `numerical`, when the difference has the shape of a
/// common mistake; `nil` when it does not (or when they agree).
///
/// - Parameters:
///   - yours: the student's gradient.
///   - numerical: the numerical gradient, the same shape.
///   - batch: the batch size N, to recognise a missing or extra division by N.
func diagnose(yours: Tensor, numerical: Tensor, batch: Int? = nil) -> String? {
    guard yours.shape == numerical.shape, yours.count > 0 else { return nil }
    if yours.scalars.contains(where: { !$0.isFinite }) { return "yours contains NaN or infinity" }
    let scale = Swift.max(yours.norm, numerical.norm) / Double(yours.count).squareRoot()
    let floor = 1e-6 * Swift.max(scale, 1e-12)
    if (yours - numerical).norm <= 1e-6 * (yours.norm + numerical.norm) { return nil }

    // A transpose: only visible on a square matrix (otherwise the shapes already differ).
    if yours.rank == 2, yours.shape[0] == yours.shape[1],
       (yours - numerical.transposed()).norm <= 1e-6 * (yours.norm + numerical.norm) {
        return "yours is the numerical gradient transposed: check the order of the factors (xᵀ · dout, not doutᵀ · x)"
    }

    // Zeros in the wrong places: a mask.
    let pairs = zip(yours.scalars, numerical.scalars)
    let zeroWhereNot = pairs.filter { abs($0.0) <= floor && abs($0.1) > floor }.count
    let notWhereZero = pairs.filter { abs($0.0) > floor && abs($0.1) <= floor }.count
    if zeroWhereNot > 0 && notWhereZero > 0 {
        return "yours is 0 at \(zeroWhereNot) elements where the numerical gradient is not, and not 0 at "
            + "\(notWhereZero) where it is: is the mask inverted?"
    }
    if zeroWhereNot > 0 {
        return "yours is 0 at \(zeroWhereNot) elements where the numerical gradient is not: does a mask block too much?"
    }
    if notWhereZero > 0 {
        return "yours is not 0 at \(notWhereZero) elements where the numerical gradient is: is a mask missing?"
    }

    // Right almost everywhere: the mistake is local (an index, an element left moved).
    let differs: (Double, Double) -> Bool = { abs($0 - $1) > 1e-6 * (abs($0) + abs($1)) + floor }
    let nonzero = pairs.filter { abs($0.0) > floor || abs($0.1) > floor }
    let agreeing = nonzero.filter { !differs($0.0, $0.1) }.count
    if agreeing > 0 && agreeing < nonzero.count, let first = pairs.enumerated().first(where: { differs($0.element.0, $0.element.1) }) {
        return "yours agrees at \(agreeing) of \(nonzero.count) nonzero elements; the first that differs is "
            + "\(yours.multiIndex(ofFlatIndex: first.offset))"
    }

    // A constant ratio: a missing or extra factor. (Rounding and ε terms move a ratio in its
    // fourth digit at most; a factor that depends on the element moves it far more.)
    let ratios = pairs.filter { abs($0.1) > floor }.map { $0.0 / $0.1 }
    guard let smallest = ratios.min(), let largest = ratios.max() else { return nil }
    let first = (smallest + largest) / 2
    guard largest - smallest <= 1e-3 * Swift.max(abs(first), 1e-12) else {
        if smallest > 0 {
            return "yours / numerical ranges from \(rounded(smallest)) to \(rounded(largest)): "
                + "a factor that depends on the element is missing or extra"
        }
        return nil
    }
    if abs(first + 1) < 1e-3 { return "yours has the wrong sign everywhere" }
    if let batch, batch > 1, abs(first - Double(batch)) < 1e-3 * Double(batch) {
        return "yours is N = \(batch) times the numerical gradient everywhere: divide by the batch size N"
    }
    if let batch, batch > 1, abs(first * Double(batch) - 1) < 1e-3 {
        return "yours is 1/N = 1/\(batch) of the numerical gradient everywhere: sum over the batch, do not average"
    }
    return "yours is \(rounded(first)) times the numerical gradient everywhere: a constant factor is missing or extra"
}

/// Diagnoses each named pair and joins what it finds into one clause ("; W: yours is …").
func diagnoseAll(_ pairs: [(name: String, yours: Tensor, numerical: Tensor)], batch: Int? = nil) -> String {
    pairs.compactMap { pair in
        diagnose(yours: pair.yours, numerical: pair.numerical, batch: batch).map { "\(pair.name): \($0)" }
    }.map { "; " + $0 }.joined()
}

/// The scalar function x ↦ Σ g ⊙ f(x): how an upstream gradient g turns a layer into a function
/// whose numerical gradient is what backward(g) should return.
func summed(against g: Tensor, _ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Double {
    { (f($0) * g).sum() }
}

/// A number with four significant digits, for messages: 0.1234, 5, 1.2e-07.
func rounded(_ value: Double) -> String {
    String(format: "%.4g", value)
}

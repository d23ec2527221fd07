import GradLab

// Exercise 2 (best-step): the best step h, and why.
//
// The central difference makes two errors that pull h in opposite directions:
//
//     truncation ≈ h² · |f‴(x)| / 6     what the parabola through three points misses:
//                                        shrinks as h shrinks
//     rounding   ≈ ε · |f(x)| / h       f(x + h) and f(x − h) are each rounded to about ε·|f(x)|
//                                        (ε = Double.ulpOfOne = 2.2e-16), and their difference is
//                                        divided by 2h: grows as h shrinks
//
// 1. Write the two estimates, myTruncationError and myRoundingError.
// 2. Write myBestStep: try h = 1e-1, 1e-2, …, 1e-16, compute the central difference
//    (f(x + h) − f(x − h)) / 2h with each, and return the h whose estimate is closest to the
//    exact derivative.
//
// The check measures the errors of sin at x = 1 against your two estimates, then asks your
// myBestStep for sin at x = 1 and for log at x = 1000. Are the two best steps the same? Why not?
// (`swift run gradlab derivative` draws the V that the two errors make.)
//
// Then run: swift run gradlab check best-step
// Stuck? swift run gradlab hint best-step (one more hint each time you ask).

/// Your estimate of the central difference's truncation error: h² · |f‴(x)| / 6.
public func myTruncationError(h: Double, thirdDerivative: Double) throws -> Double {
    throw NotImplemented()
}

/// Your estimate of the central difference's rounding error: ε · |f(x)| / h.
public func myRoundingError(h: Double, value: Double) throws -> Double {
    throw NotImplemented()
}

/// The step among 1e-1, 1e-2, …, 1e-16 whose central difference of `f` at `x` is closest to
/// `exactDerivative`.
public func myBestStep(of f: (Double) -> Double, exactDerivative: Double, at x: Double) throws -> Double {
    throw NotImplemented()
}

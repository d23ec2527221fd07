import GradLab

// Exercise 1 (numerical-derivative): the central difference.
//
// Estimate f'(x) with the central difference and the book's step h = 1e-4:
//
//     f'(x) ≈ (f(x + h) - f(x - h)) / (2h)
//
// Replace the `throw` with your code, then run: swift run gradlab check numerical-derivative
// Stuck? swift run gradlab hint numerical-derivative (one more hint each time you ask).

/// Your central-difference estimate of f'(x).
public func myNumericalDerivative(_ f: (Double) -> Double, at x: Double) throws -> Double {
    throw NotImplemented()
}

import GradLab

// Exercise 19 (float-vs-double): a right gradient that fails its check in Float.
//
// Networks are often trained in Float (32 bits: GPUs, Apple's Metal, MLX) rather than Double.
// The sigmoid's derivative y · (1 − y) is right in Float too. But check it against the central
// difference in Float with the book's h = 1e-4 and the checker says "suspicious": a right
// gradient fails its check. (`swift run gradlab check float-vs-double` shows the numbers.)
//
// Float keeps about 7 digits, not 16: its ε is Float.ulpOfOne = 1.2e-7, not 2.2e-16. Exercise 2's
// rounding error, ε · |f| / h, is a billion times larger, and the balance with truncation
// (h² · |f‴| / 6) moves.
//
// Return a step h for which the central difference in Float agrees with the analytic
// derivative of sigmoid and tanh to a relative error of 1e-4 or better (the checker's
// "acceptable"), at x = −2, −0.5, 0.3 and 1.5.
//
// Then run: swift run gradlab check float-vs-double
// Stuck? swift run gradlab hint float-vs-double (one more hint each time you ask).

/// The step that rescues the gradient check in Float.
public func myFloatStep() throws -> Float {
    throw NotImplemented()
}

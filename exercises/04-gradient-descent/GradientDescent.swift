import GradLab

// Exercise 4 (gradient-descent): gradient descent, and learning rates too large and too small.
//
// 1. Write gradient descent: starting from `start`, repeat `steps` times
//
//        x ← x − η · ∇f(x)          η = learningRate
//
//    with the numerical gradient (`numericalGradient(of: f, at: x)`, or your own from
//    exercise 3). Tensor arithmetic works element by element: `x - learningRate * gradient`.
//
// 2. The check runs descent on f(x₀, x₁) = x₀² + x₁² from (−3, 4) for 100 steps. Find one
//    learning rate so small that the point ends at least 90 % as far from the minimum as it
//    started, and one so large that it ends farther away than it started. (Each step
//    multiplies x by 1 − 2η: work it out, or try values with `gradlab descent`.)
//
// Then run: swift run gradlab check gradient-descent
// Stuck? swift run gradlab hint gradient-descent (one more hint each time you ask).

/// Your gradient descent: the point after `steps` updates x ← x − η·∇f(x).
public func myGradientDescent(of f: (Tensor) -> Double, from start: Tensor, learningRate: Double,
                              steps: Int) throws -> Tensor {
    throw NotImplemented()
}

/// A learning rate too small to get anywhere in 100 steps, and one so large that descent runs away.
public func myLearningRates() throws -> (tooSmall: Double, tooLarge: Double) {
    throw NotImplemented()
}

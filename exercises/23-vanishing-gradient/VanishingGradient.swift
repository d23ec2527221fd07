import Foundation
import GradLab

// Exercise 23 (vanishing-gradient): predict the vanishing gradient, before you measure it.
//
// Backward through a sigmoid layer multiplies the gradient by σ′(a) = σ(a) · (1 − σ(a))
// (exercise 7), and σ′ is never more than 1/4. Stack n sigmoid layers on one number:
//
//     a₁ = w · x  + b₁     y₁ = σ(a₁)
//     a₂ = w · y₁ + b₂     y₂ = σ(a₂)
//     …
//     aₙ = w · yₙ₋₁ + bₙ   yₙ = σ(aₙ)
//
// with every weight w = 1, so that the weights contribute a factor 1 and only the sigmoids
// shrink the gradient, and biases b₁, …, bₙ of your choice. By the chain rule
//
//     dyₙ/dx = σ′(aₙ) · w · σ′(aₙ₋₁) · w · … · σ′(a₁) · w
//
// is the factor by which a gradient arriving at the last layer is multiplied on its way back to
// the input.
//
// 1. myLargestGradientFactor(layers: n): the largest value dyₙ/dx can take, over every input x
//    and every choice of the biases, as a Double, for any n ≥ 1. For n = 10 it is the most a
//    10-layer sigmoid network can pass back to its first layer (when the weights give 1).
// 2. myLayersToVanish(below: threshold): the smallest number of layers n for which even that
//    largest factor is below `threshold`: from how many layers on does less than a millionth
//    (threshold 1e-6) of the gradient get through, whatever the biases?
//
// The check compares your answers with the closed form for several n and thresholds, then
// measures: backprop through 10 of the library's Sigmoid layers, at a point where the largest
// factor is reached, and at random points, where it is not.
//
// Then run: swift run gradlab check vanishing-gradient
// Stuck? swift run gradlab hint vanishing-gradient (one more hint each time you ask).

/// The largest dyₙ/dx through `layers` sigmoid layers with weights 1, over all inputs and biases.
public func myLargestGradientFactor(layers n: Int) throws -> Double {
    throw NotImplemented()
}

/// The smallest number of sigmoid layers whose largest gradient factor is below `threshold`.
public func myLayersToVanish(below threshold: Double) throws -> Int {
    throw NotImplemented()
}

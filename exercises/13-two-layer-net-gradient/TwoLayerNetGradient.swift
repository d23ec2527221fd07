import GradLab

// Exercise 13 (two-layer-net-gradient): the TwoLayerNet's gradient, assembled from layers.
//
// The book's TwoLayerNet is four layers in a row:
//
//     x → Affine(W1, b1) → Sigmoid → Affine(W2, b2) → SoftmaxWithLoss(t) → L
//
// Build them from the library (`Affine(weight: parameters["W1"], bias: parameters["b1"])`,
// `Sigmoid()`, `SoftmaxWithLoss()`), run forward through all four, then backward from the loss
// (`lastLayer.backward()`), through the layers in reverse order. Each Affine keeps its dW and db
// (`weightGradient!`, `biasGradient!`). Return them as `Parameters` named W1, b1, W2, b2, in that
// order: `Parameters([NamedTensor("W1", dW1), NamedTensor("b1", db1), …])`.
//
// The check compares every element with the numerical gradient of the same network.
//
// Then run: swift run gradlab check two-layer-net-gradient
// Stuck? swift run gradlab hint two-layer-net-gradient (one more hint each time you ask).

/// Your backprop gradient of the TwoLayerNet loss (sigmoid hidden layer) with respect to W1, b1,
/// W2, b2, for a batch `x` with one-hot targets `t`.
public func myTwoLayerNetGradient(_ parameters: Parameters, x: Tensor, t: Tensor) throws -> Parameters {
    throw NotImplemented()
}

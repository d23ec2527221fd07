import GradLab

// Exercise 12 (softmax-with-loss-backward): the gradient of softmax + cross-entropy.
//
// Forward computed y = softmax(scores) row by row and the mean cross-entropy against one-hot
// targets t over N samples. Return ∂L/∂scores, which is remarkably simple: (y - t) / N.
//
// Then run: swift run gradlab check softmax-with-loss-backward
// Stuck? swift run gradlab hint softmax-with-loss-backward (one more hint each time you ask).

/// Your SoftmaxWithLoss backward: ∂L/∂scores from the probabilities y and one-hot targets t.
public func mySoftmaxWithLossBackward(probabilities y: Tensor, targets t: Tensor) throws -> Tensor {
    throw NotImplemented()
}

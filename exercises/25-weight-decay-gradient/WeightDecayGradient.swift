import GradLab

// Exercise 25 (weight-decay-gradient): the weight-decay penalty and its gradient.
//
// Weight decay (L2 regularization) adds a penalty on large weights to the loss, so that
// training prefers small weights and overfits less:
//
//     L_total = L + ½ λ Σ W²        summed over every element of every weight matrix
//
// Only the weights are decayed: W1 and W2 (matrices, rank 2), not the biases b1 and b2
// (vectors), as in the book's MultiLayerNet and in Keras's kernel_regularizer.
//
// 1. myWeightDecayPenalty(parameters, lambda:): ½ λ Σ W² over the weights.
// 2. myWeightDecayGradient(gradient, parameters:, lambda:): backprop has given ∂L/∂θ for every
//    parameter θ (`gradient`, named as `parameters` are: W1, b1, W2, b2). Return ∂L_total/∂θ:
//    the same names in the same order, with the penalty's gradient added to each weight's.
//
// Useful: `parameters.named` lists the tensors as NamedTensor(name, value) in order, with
// `.name` and `.value`; `t.rank` is 2 for a matrix and 1 for a vector; `(t * t).sum()` is Σ t²;
// `Parameters([NamedTensor("W1", w1), …])` builds the result.
//
// The check compares the penalty with ½ λ Σ W² added up element by element, and the gradient
// with the numerical gradient of L + ½ λ Σ W² for a small network (λ = 0.3, biases not 0).
//
// Then run: swift run gradlab check weight-decay-gradient
// Stuck? swift run gradlab hint weight-decay-gradient (one more hint each time you ask).

/// Your L2 penalty ½ λ Σ W², over the weights (rank 2) among `parameters`.
public func myWeightDecayPenalty(_ parameters: Parameters, lambda: Double) throws -> Double {
    throw NotImplemented()
}

/// Your gradient of L + ½ λ Σ W², given the gradient of L.
public func myWeightDecayGradient(_ gradient: Parameters, parameters: Parameters, lambda: Double) throws -> Parameters {
    throw NotImplemented()
}

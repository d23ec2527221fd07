import GradLab

// Exercise 37 (sigmoid-bce-backward): the gradient of sigmoid with binary cross-entropy on logits.
//
// An autoencoder rebuilds each pixel of an image as a brightness p = σ(z) in (0, 1), from its
// logit z, and is scored by binary cross-entropy against the clean pixel t in [0, 1]:
//
//     L = −(1/M) Σᵢ [tᵢ log σ(zᵢ) + (1 − tᵢ) log(1 − σ(zᵢ))]      M = N × K: every element
//
// the mean over all M elements of the batch's N rows of K pixels (Keras's BinaryCrossentropy,
// GradLab's SigmoidWithBinaryCrossEntropy). As with softmax and cross-entropy, the pair's
// derivative is a plain difference: ∂L/∂zᵢ = (σ(zᵢ) − tᵢ) / M.
//
// Write mySigmoidBCEBackward(logits:targets:): return ∂L/∂z, shaped like z. `sigmoid(z)` works
// on a whole tensor, `z.count` is M, `a - b` and `a * s` work element by element.
//
// The check compares your answer with the numerical gradient of L on a batch of 3 rows of 4
// pixels (so dividing by N = 3 and by M = 12 tell apart), and names the mistake when it knows it.
//
// Then run: swift run gradlab check sigmoid-bce-backward
// Stuck? swift run gradlab hint sigmoid-bce-backward (one more hint each time you ask).

/// Your backward of sigmoid with binary cross-entropy: ∂L/∂z from the logits z and the targets t.
public func mySigmoidBCEBackward(logits z: Tensor, targets t: Tensor) throws -> Tensor {
    throw NotImplemented()
}

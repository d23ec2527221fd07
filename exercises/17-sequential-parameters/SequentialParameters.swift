import GradLab

// Exercise 17 (sequential-parameters): the first model of Chollet's Deep Learning with Python, and its 407,050 parameters.
//
// Chollet's first network (Deep Learning with Python, chapter 2) classifies MNIST digits with
// two Dense layers on 784 inputs: 512 units with ReLU, then 10 units (softmax follows). In
// GradLab that is a `Sequential` of layers; softmax with the loss is added after the last one.
//
// 1. Build it: `Sequential([layer, layer, layer])`, with `Affine(inputs:outputs:using:)`
//    drawing weights from a generator (`var generator = SplitMix64(seed: 42)`) and `ReLU()`.
//
// 2. Count parameters by hand: an Affine layer from I inputs to O outputs learns an I×O weight
//    and O biases. Write the count for any stack of Affine layers given their sizes, e.g.
//    [784, 512, 10]. Keras's `model.summary()` prints 407,050 for Chollet's model; the check
//    compares yours with `Sequential.parameterCount` on several stacks.
//
// Then run: swift run gradlab check sequential-parameters
// Stuck? swift run gradlab hint sequential-parameters (one more hint each time you ask).

/// Chollet's model: Affine 784 → 512, ReLU, Affine 512 → 10.
public func myFirstModel() throws -> Sequential {
    throw NotImplemented()
}

/// The number of learnable numbers in a stack of Affine layers with these sizes (inputs first).
public func myParameterCount(layerSizes: [Int]) throws -> Int {
    throw NotImplemented()
}

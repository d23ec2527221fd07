import GradLab

// Exercise 20 (sigmoid-before-softmax): the check passes, the learning suffers.
//
// A gradient check validates derivatives, not designs. Put a sigmoid after the last Affine
// layer, just before the softmax: every derivative is still right, so the check passes. But the
// scores now live between 0 and 1, and softmax of such scores can never be confident.
//
// 1. Build a network for points with 2 features in 3 classes that ends with a sigmoid, for
//    example from a description: `try Sequential(specification: "affine 8, tanh, affine 3, sigmoid",
//    inputSize: 2, outputSize: 3)`. The check runs a gradient check on it (it passes), then trains
//    it next to the same network without the last sigmoid, and shows you both losses.
//
// 2. Work out the lowest mean cross-entropy any network ending in sigmoid → softmax can reach on
//    C classes: what are the best scores it can give, and what probability does softmax make of
//    them? (Scores can come as close to 0 and 1 as you like, but never leave [0, 1].)
//
// Then run: swift run gradlab check sigmoid-before-softmax
// Stuck? swift run gradlab hint sigmoid-before-softmax (one more hint each time you ask).

/// A network from 2 features to 3 classes whose last layer is a Sigmoid.
public func mySquashedNetwork() throws -> Sequential {
    throw NotImplemented()
}

/// The lowest loss a network ending in sigmoid → softmax can approach on `classes` classes.
public func myLowestLoss(classes: Int) throws -> Double {
    throw NotImplemented()
}

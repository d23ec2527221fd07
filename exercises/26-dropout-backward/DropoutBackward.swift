import GradLab

// Exercise 26 (dropout-backward): inverted dropout, its mask, its backward pass and inference.
//
// In training, dropout sets each unit to 0 with probability p (the rate) and scales the units it
// keeps by 1/(1 − p), so that each unit's expected output stays x ("inverted" dropout, Keras's
// Dropout(rate)). In inference it passes everything through:
//
//     training:    mask = 1/(1 − p) where the unit's uniform draw u is ≥ p, 0 where u < p
//                  y = x · mask                  element by element
//     inference:   y = x
//
// 1. myDropoutMask(uniforms:rate:): the mask, given one uniform draw u in [0, 1) per unit
//    (`uniforms`, shaped like x).
// 2. myDropoutBackward(dout:mask:): dx, given dout and the mask the forward pass used.
// 3. myDropoutInference(_:rate:): y in inference.
//
// `t.map { u in … }` applies a function to every element; `a * b` multiplies element by element.
//
// The check compares your mask with the library's Dropout layer fed the same draws, runs your
// backward in a dropout layer through `checkLayer` (the numerical gradient sees the same mask),
// and measures your mask's mean over 10,000 draws.
//
// Then run: swift run gradlab check dropout-backward
// Stuck? swift run gradlab hint dropout-backward (one more hint each time you ask).

/// Your inverted-dropout mask: 1/(1 − rate) where the draw is at least `rate`, else 0.
public func myDropoutMask(uniforms: Tensor, rate: Double) throws -> Tensor {
    throw NotImplemented()
}

/// Your dropout backward: dx from dout and the mask forward used.
public func myDropoutBackward(dout: Tensor, mask: Tensor) throws -> Tensor {
    throw NotImplemented()
}

/// Your dropout in inference.
public func myDropoutInference(_ x: Tensor, rate: Double) throws -> Tensor {
    throw NotImplemented()
}

import GradLab

// Exercise 18 (tape-backward): one operation's backward, the way the gradient tape records it.
//
// GradLab's `GradientTape` (tf.GradientTape in chapter 2 of Chollet's Deep Learning with Python) records each operation
// with a small backward: given g = ∂L/∂z for the operation's output z, the gradient with
// respect to each input. Here is multiplication's, as Sources/GradLab/Autodiff/
// Variable+Arithmetic.swift records it (∂/∂a = b, ∂/∂b = a; `reduced(to:)` sums a gradient
// back to its operand's shape after broadcasting, which will not happen here):
//
// ```swift
// binary("×", a, b, a.value * b.value) { g in ((g * b).reduced(to: a.shape), (g * a).reduced(to: b.shape)) }
// ```
//
// Write the one for division, z = a / b element by element: return ∂L/∂a and ∂L/∂b.
//
// Write it with `Variable` operations (g / b, g * a, …), not on their `.value` tensors: the
// tape records those too, so the gradient it returns can be differentiated again (a second
// derivative). The check tests both: your gradient against the tape's, and the second
// derivative through your backward.
//
// Then run: swift run gradlab check tape-backward
// Stuck? swift run gradlab hint tape-backward (one more hint each time you ask).

/// Your backward of z = a / b: given g = ∂L/∂z, returns (∂L/∂a, ∂L/∂b).
public func myDivideBackward(_ g: Variable, _ a: Variable, _ b: Variable) throws -> (da: Variable, db: Variable) {
    throw NotImplemented()
}

import GradLab

// Exercise 5 (multiply-backward): the chain rule at a multiply node.
//
// Forward, the node computed z = x · y. Given dout = ∂L/∂z, return ∂L/∂x and ∂L/∂y.
// (Hint: each input's gradient is dout times the *other* input.)
//
// Then run: swift run gradlab check multiply-backward
// Stuck? swift run gradlab hint multiply-backward (one more hint each time you ask).

/// Your backward pass of z = x · y.
public func myMultiplyBackward(dout: Double, x: Double, y: Double) throws -> (dx: Double, dy: Double) {
    throw NotImplemented()
}

import GradLab

// Exercise 6 (add-backward): add nodes, apples and oranges, and paths that join.
//
// 1. An add node computes z = x + y. Given dout = ∂L/∂z, return ∂L/∂x and ∂L/∂y.
//
// 2. The book's apples and oranges (figure 5-17):
//
//        price = (apple · apples + orange · oranges) · tax
//
//    Compute the gradient of the price with respect to all five inputs by backprop: forward
//    through the nodes, then backward from dprice = 1, last node first. Use the library's
//    `MultiplyNode` (`var node = MultiplyNode(); node.forward(a, b)`, then `node.backward(d)`)
//    and your add backward.
//
// 3. Paths that join: in f(x, y) = x · y + x, x reaches f along two paths, through the product
//    and directly. Return ∂f/∂x and ∂f/∂y. (What does each path send back to x?)
//
// Then run: swift run gradlab check add-backward
// Stuck? swift run gradlab hint add-backward (one more hint each time you ask).

/// Your backward pass of z = x + y.
public func myAddBackward(dout: Double) throws -> (dx: Double, dy: Double) {
    throw NotImplemented()
}

/// The gradient of the price with respect to each input of the apples-and-oranges graph.
public func myFruitGradients(apple: Double, apples: Double, orange: Double, oranges: Double,
                             tax: Double) throws -> (apple: Double, apples: Double, orange: Double, oranges: Double, tax: Double) {
    throw NotImplemented()
}

/// ∂f/∂x and ∂f/∂y of f(x, y) = x · y + x.
public func myJoinedPathsGradient(x: Double, y: Double) throws -> (dx: Double, dy: Double) {
    throw NotImplemented()
}

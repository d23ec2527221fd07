import GradLab

// Exercise 27 (residual-backward): the backward pass of a residual block, y = x + F(x).
//
// A skip connection adds a block's input to what the block's layers make of it, the building
// block of ResNet (He et al., 2015):
//
//     y = x + F(x)          F: the block's layers in order, here Affine, Tanh, Affine
//
// x reaches y along two paths: directly, through the + (an add node passes dout on unchanged,
// exercise 6), and through F's layers.
//
// Write myResidualBackward(dout:layers:). The block's forward pass has run: `layers` holds F's
// layers, each remembering what its own backward needs. Return dx, and leave each layer's
// parameter gradients in it, as a layer's `backward` does: `layers[i].backward(d)` takes the
// gradient with respect to layer i's output, stores its dW and db, and returns the gradient with
// respect to its input.
//
// The check runs your backward in a residual block through `checkLayer`: dx and the gradients
// of both Affine layers' W and b against central differences.
//
// Then run: swift run gradlab check residual-backward
// Stuck? swift run gradlab hint residual-backward (one more hint each time you ask).

/// Your residual block's backward: dx of y = x + F(x), with F's layers' gradients stored in them.
public func myResidualBackward(dout: Tensor, layers: inout [any Layer]) throws -> Tensor {
    throw NotImplemented()
}

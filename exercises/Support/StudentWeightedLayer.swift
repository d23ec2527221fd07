import GradLab

/// A layer with a weight W and a bias b whose forward pass is given (the library's, or the
/// check's own) and whose backward pass is a student's (or the reference's, or a wrong one): how
/// the checks of Affine and Conv2D run an answer's dx, dW and db through `checkLayer`.
struct StudentWeightedLayer: Layer {
    /// y from x, W and b.
    typealias Forward = @Sendable (_ x: Tensor, _ weight: Tensor, _ bias: Tensor) -> Tensor
    /// dx, dW and db from dout, x and W.
    typealias Backward = @Sendable (_ dout: Tensor, _ x: Tensor, _ weight: Tensor) throws -> (dx: Tensor, dW: Tensor, db: Tensor)

    var weight: Tensor, bias: Tensor
    let forwardFunction: Forward
    let backwardFunction: Backward
    private var input: Tensor?
    private var grads: (Tensor, Tensor)?

    init(weight: Tensor, bias: Tensor, forward: @escaping Forward, backward: @escaping Backward) {
        (self.weight, self.bias) = (weight, bias)
        (forwardFunction, backwardFunction) = (forward, backward)
    }

    mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return forwardFunction(x, weight, bias)
    }

    mutating func backward(_ dout: Tensor) -> Tensor {
        guard let x = input else { preconditionFailure("backward called before forward") }
        do {
            let result = try backwardFunction(dout, x, weight)
            grads = (result.dW, result.db)
            return result.dx
        } catch {
            // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
            grads = (Tensor(shape: weight.shape, repeating: .nan), Tensor(shape: bias.shape, repeating: .nan))
            return Tensor(shape: x.shape, repeating: .nan)
        }
    }

    var parameters: [NamedTensor] {
        get { [NamedTensor("W", weight), NamedTensor("b", bias)] }
        set { weight = newValue[0].value; bias = newValue[1].value }
    }

    var gradients: [NamedTensor] {
        [NamedTensor("W", grads?.0 ?? .zeros(like: weight)), NamedTensor("b", grads?.1 ?? .zeros(like: bias))]
    }
}

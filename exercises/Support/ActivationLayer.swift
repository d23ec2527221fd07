import GradLab

/// A layer whose backward is a student's (or the reference's, or a wrong answer's) function of
/// the upstream gradient and what forward remembered: how the activation exercises put a
/// student's function through `checkLayer`.
struct ActivationLayer: Layer {
    let function: @Sendable (Double) -> Double
    let backwardFunction: @Sendable (Tensor, Tensor, Tensor) throws -> Tensor  // dout, x, y
    private var cache: (x: Tensor, y: Tensor)?

    init(_ function: @escaping @Sendable (Double) -> Double,
         backward: @escaping @Sendable (Tensor, Tensor, Tensor) throws -> Tensor) {
        self.function = function
        backwardFunction = backward
    }

    /// The library's layer `L` as an activation: its forward and its own backward.
    init<L: Layer>(_ function: @escaping @Sendable (Double) -> Double, reference make: @escaping @Sendable () -> L) {
        self.init(function) { dout, x, _ in
            var layer = make()
            _ = layer.forward(x)
            return layer.backward(dout)
        }
    }

    mutating func forward(_ x: Tensor) -> Tensor {
        let y = x.map(function)
        cache = (x, y)
        return y
    }

    mutating func backward(_ dout: Tensor) -> Tensor {
        guard let (x, y) = cache else { preconditionFailure("backward called before forward") }
        do {
            return try backwardFunction(dout, x, y)
        } catch {
            // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
            return Tensor(shape: dout.shape, repeating: .nan)
        }
    }
}

/// A batch of 4 samples of 5 values, none within 10⁻³ of ReLU's kink.
let activationInput = Tensor([[0.5, -1.2, 2.0, -0.3, 0.8], [-2.2, 0.1, 1.4, -0.7, 0.05],
                              [1.1, -0.05, -1.6, 0.9, 2.4], [-0.9, 0.3, 0.02, -1.1, 1.7]])

/// Checks an activation layer's backward on `input`: not started while the student's function
/// throws `NotImplemented`; otherwise `checkLayer`'s verdict, and on failure what the numbers
/// suggest (a constant factor, a mask).
func checkActivation(_ layer: ActivationLayer, input: Tensor = activationInput) -> ExerciseOutcome {
    var probe = layer
    let y = probe.forward(input)
    let ones = Tensor(shape: y.shape, repeating: 1)
    return attempt({ try layer.backwardFunction(ones, input, y) }) { dx in
        guard dx.shape == input.shape else { return .failed("dx has shape \(dx.shape), x has \(input.shape)") }
        let outcome = judge(checkLayer(layer, input: input, seed: 1))
        guard case .failed(let text) = outcome else { return outcome }
        // With dout = 1, backward returns f′(x) itself: compare it with the numerical slope.
        let function = layer.function
        let numerical = numericalGradient(of: { $0.map(function).sum() }, at: input)
        return .failed(text + diagnoseAll([("dx with dout = 1", dx, numerical)]))
    }
}

/// The numerical gradient of a scalar function of a tensor: the book's `numerical_gradient`.
///
/// For each element xᵢ, in row-major order, whatever the tensor's shape:
///
/// ```
/// ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h
/// ```
///
/// The function works on one scratch copy of `x`: it perturbs element i, evaluates f twice,
/// restores the element, and moves on. The caller's tensor is never changed (it is a value),
/// and no copy is made per element.
///
/// - Parameters:
///   - f: the function, for example a loss as a function of one weight matrix.
///   - x: where to take the gradient.
///   - h: the step (default 10⁻⁴, the book's).
/// - Returns: a tensor shaped like `x` holding ∂f/∂xᵢ.
/// - Complexity: 2·`x.count` evaluations of f.
public func numericalGradient(
    of f: (Tensor) -> Double, at x: Tensor, h: Double = 1e-4
) -> Tensor {
    var scratch = x
    var gradient = Tensor.zeros(like: x)
    for i in 0..<x.count {
        let original = scratch[flat: i]
        scratch[flat: i] = original + h
        let plus = f(scratch)
        scratch[flat: i] = original - h
        let minus = f(scratch)
        scratch[flat: i] = original  // restore before the next element
        gradient[flat: i] = (plus - minus) / (2 * h)
    }
    return gradient
}

/// The numerical gradient of a loss with respect to several tensors inside a value, such as the
/// weights and biases of a network.
///
/// `model` is copied once; each element of each tensor named by `keyPaths` is perturbed in the
/// copy, `loss` is evaluated twice, and the element is restored.
///
/// - Parameters:
///   - loss: the scalar to differentiate, as a function of the whole model.
///   - model: where to take the gradient (never changed).
///   - keyPaths: the tensors to differentiate with respect to.
///   - h: the step (default 10⁻⁴).
/// - Returns: one gradient per key path, each shaped like its tensor.
/// - Complexity: 2 × (total elements) evaluations of `loss`.
public func numericalGradient<Model>(
    of loss: (Model) -> Double, at model: Model,
    withRespectTo keyPaths: [WritableKeyPath<Model, Tensor>], h: Double = 1e-4
) -> [Tensor] {
    var scratch = model
    return keyPaths.map { keyPath in
        var gradient = Tensor.zeros(like: scratch[keyPath: keyPath])
        for i in 0..<gradient.count {
            let original = scratch[keyPath: keyPath][flat: i]
            scratch[keyPath: keyPath][flat: i] = original + h
            let plus = loss(scratch)
            scratch[keyPath: keyPath][flat: i] = original - h
            let minus = loss(scratch)
            scratch[keyPath: keyPath][flat: i] = original
            gradient[flat: i] = (plus - minus) / (2 * h)
        }
        return gradient
    }
}

/// The numerical gradient of a loss with respect to every tensor of a `Parameters`: the book's
/// `numerical_gradient` applied to each of W1, b1, W2, b2 in turn.
///
/// One scratch copy of `parameters` is made; each element is nudged by ±h in the copy, the loss
/// is evaluated twice, and the element is restored.
///
/// - Parameters:
///   - loss: the scalar to differentiate, as a function of all the parameters.
///   - parameters: where to take the gradient (never changed).
///   - h: the step (default 10⁻⁴).
/// - Returns: a gradient with the same names and shapes.
/// - Complexity: 2 × `parameters.scalarCount` evaluations of `loss`.
public func numericalGradient(
    of loss: (Parameters) -> Double, at parameters: Parameters, h: Double = 1e-4
) -> Parameters {
    var scratch = parameters
    var gradient = parameters.map { Tensor.zeros(like: $0) }
    for index in 0..<parameters.count {
        for i in 0..<parameters.tensors[index].count {
            let original = parameters.tensors[index][flat: i]
            scratch.modify(at: index) { $0[flat: i] = original + h }
            let plus = loss(scratch)
            scratch.modify(at: index) { $0[flat: i] = original - h }
            let minus = loss(scratch)
            scratch.modify(at: index) { $0[flat: i] = original }
            gradient.modify(at: index) { $0[flat: i] = (plus - minus) / (2 * h) }
        }
    }
    return gradient
}

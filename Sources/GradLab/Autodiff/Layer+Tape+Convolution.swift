// The convolutional layers on the gradient tape. Each is built from linear maps (im2col, the
// choice of maxima, the sum over a window) and the matrix product the tape already knows.

extension Variable {
    /// Records a linear map A (im2col, a gather, a window sum) given with its adjoint Aᵀ. The
    /// backward pass of a linear map is its adjoint, dx = Aᵀ(g), itself recorded as a linear map
    /// whose adjoint is A again: so second derivatives through it work too.
    func applyingLinearMap(_ operation: String, _ map: @escaping (Tensor) -> Tensor,
                           adjoint: @escaping (Tensor) -> Tensor) -> Variable {
        Variable.unary(operation, self, map(value)) { g in
            g.applyingLinearMap(operation + "ᵀ", adjoint, adjoint: map)
        }
    }
}

extension Conv2D: TapeLayer {
    /// im2col(x) · W + b, im2col recorded as a linear map whose adjoint is col2im.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        let geometry = geometry(for: x.value)
        let batch = x.shape[0]
        let columns = x.applyingLinearMap("im2col", { im2col($0, geometry) }, adjoint: { col2im($0, geometry, batch: batch) })
        let y = columns.matmul(parameters[0].reshaped([geometry.windowSize, filters])) + parameters[1]
        return y.reshaped([batch, geometry.outputHeight, geometry.outputWidth, filters])
    }
}

extension MaxPooling2D: TapeLayer {
    /// The maxima, picked from x as a linear map (a gather of the chosen positions; its adjoint
    /// scatters back to them). Which positions is decided by x's value and held fixed, as
    /// every framework does: the derivative inside the pieces where the choice does not change.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        let (shape, positions) = choices(x.value)
        let inputShape = x.shape
        return x.applyingLinearMap("maxpool", { Tensor(shape: shape, scalars: positions.map($0.flatScalar)) },
                                   adjoint: { scatterAdding($0, to: positions, shape: inputShape) })
    }
}

extension AveragePooling2D: TapeLayer {
    /// The window means, a linear map whose adjoint shares each gradient over its window.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        var layer = self
        _ = layer.forward(x.value)  // learns the geometry for the adjoint
        let (forwardLayer, backwardLayer) = (self, layer)
        return x.applyingLinearMap("avgpool", { input in
            var copy = forwardLayer
            return copy.forward(input)
        }, adjoint: { g in
            var copy = backwardLayer
            return copy.backward(g)
        })
    }
}

extension Flatten: TapeLayer {
    /// x reshaped to [N, rest].
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        x.reshaped([x.shape[0], x.value.count / Swift.max(x.shape[0], 1)])
    }
}

extension GlobalAveragePooling2D: TapeLayer {
    /// The mean over height and width of each channel.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        x.reshaped([x.shape[0], x.shape[1] * x.shape[2], x.shape[3]]).mean(alongAxis: 1)
    }
}

extension Tensor {
    /// The element at a flat position, as a function to pass around.
    fileprivate func flatScalar(_ position: Int) -> Double { self[flat: position] }
}

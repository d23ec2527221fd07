/// A skip connection: the block's input is added to what its layers make of it, y = x + F(x),
/// the building block of ResNet (He et al., 2015).
///
/// ```
/// forward:   y  = x + F(x)                    F: the inner layers in order (same output shape as x)
/// backward:  dx = dout + F.backward(dout)     two paths leave x, so their gradients add up
/// ```
///
/// Backward is the rule of the computational graph that paths that join add up: x reaches y
/// directly (an add node passes dout on unchanged) and through F, so dL/dx is the sum of the
/// two. Even when F's gradient vanishes, dout itself gets through, which is why very deep
/// networks of residual blocks still train.
///
/// Parameters are the inner layers' in order, under the inner layers' own names (`Sequential`
/// numbers them on with the rest: a block of two Affine layers after W1 holds W2 and W3).
public struct Residual: ContainerLayer {
    /// F, applied in order.
    public var layers: [any Layer]
    private var inputShape: [Int]?

    /// Creates the block y = x + F(x) with F the `layers` in order.
    ///
    /// - Precondition: there is at least one layer.
    public init(_ layers: [any Layer]) {
        precondition(!layers.isEmpty, "Residual: a block needs at least one layer")
        self.layers = layers
    }

    /// x + F(x), in training mode.
    public mutating func forward(_ x: Tensor) -> Tensor {
        forward(x, mode: .training)
    }

    /// x + F(x), with F run in `mode`.
    public mutating func forward(_ x: Tensor, mode: LayerMode) -> Tensor {
        let fx = Sequential.forward(x, through: &layers, mode: mode)
        precondition(fx.shape == x.shape,
                     "Residual.forward: the block's layers turn \(x.shape) into \(fx.shape); y = x + F(x) needs the same shape")
        inputShape = x.shape
        return x + fx
    }

    /// dout (the direct path) + F's backward of dout (the path through the layers).
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("Residual.backward called before forward") }
        precondition(dout.shape == shape, "Residual.backward: dout \(dout.shape) does not match the output \(shape)")
        var throughF = dout
        for i in layers.indices.reversed() { throughF = layers[i].backward(throughF) }
        return dout + throughF
    }

    /// The inner layers' parameters, in order.
    public var parameters: [NamedTensor] {
        get { layers.flatMap(\.parameters) }
        set { layers.distribute(newValue, \.parameters, "Residual.parameters") }
    }

    /// The inner layers' gradients from the last `backward`, in order.
    public var gradients: [NamedTensor] { layers.flatMap(\.gradients) }

    /// The inner layers' state, in order.
    public var state: [NamedTensor] {
        get { layers.flatMap(\.state) }
        set { layers.distribute(newValue, \.state, "Residual.state") }
    }
}

/// A layer made of other layers (`Residual`): `summary()` lists them as nested rows, and the
/// gradient tape runs them one by one.
public protocol ContainerLayer: Layer {
    /// The inner layers, in order.
    var layers: [any Layer] { get set }
}

extension Array where Element == any Layer {
    /// Hands each layer its share of `tensors`, in order: as many as it has now.
    mutating func distribute(_ tensors: [NamedTensor], _ part: WritableKeyPath<any Layer, [NamedTensor]>, _ caller: String) {
        let total = reduce(0) { $0 + $1[keyPath: part].count }
        precondition(tensors.count == total, "\(caller): expected \(total) tensors, given \(tensors.count)")
        var offset = 0
        for i in indices {
            let count = self[i][keyPath: part].count
            guard count > 0 else { continue }
            self[i][keyPath: part] = [NamedTensor](tensors[offset ..< offset + count])
            offset += count
        }
    }
}

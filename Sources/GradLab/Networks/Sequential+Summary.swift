extension Sequential {
    /// A table of the layers in Keras's `model.summary()` form: each layer with its output
    /// shape and parameter count, then the total.
    ///
    /// ```
    /// Layer (type)            Output Shape       Param #
    /// ==================================================
    /// affine1 (Affine)        (None, 512)        401,920
    /// relu1 (ReLU)            (None, 512)              0
    /// affine2 (Affine)        (None, 10)           5,130
    /// softmaxWithLoss         (None, 10)               0
    /// ==================================================
    /// Total params: 407,050
    /// ```
    ///
    /// The output shapes come from one forward pass (in inference) of a batch of one zero
    /// sample; `None` stands for the batch size, as in Keras. A container (`Residual`) is followed
    /// by its own layers, indented. As in Keras, the count of a BatchNorm includes its running
    /// mean and variance, which the totals list as non-trainable.
    ///
    /// - Parameter inputSize: numbers per sample; by default those of `inputShape`, or else the
    ///   rows of the first parameter of the first layer that has one (an Affine layer's weight
    ///   is inputs × outputs).
    public func summary(inputSize: Int? = nil) -> String {
        guard let width = inputSize ?? inputShape?.reduce(1, *) ?? Self.firstInputSize(layers) else {
            preconditionFailure("Sequential.summary: no layer has parameters to tell the input size; pass inputSize:")
        }
        var rows: [(String, String, Int)] = []
        var typeCounts: [String: Int] = [:]
        func shapeText(_ y: Tensor) -> String {
            "(None, " + y.shape.dropFirst().map(String.init).joined(separator: ", ") + ")"
        }
        // One row per layer; a container's row is followed by its layers', indented.
        func addRows(_ layers: [any Layer], input: Tensor, indent: String) -> Tensor {
            var y = input
            for var layer in layers {
                let before = y
                y = layer.forward(y, mode: .inference)
                let type = String(describing: Swift.type(of: layer))
                typeCounts[type, default: 0] += 1
                let name = indent + type.lowercased() + "\(typeCounts[type]!)"
                let count = (layer.parameters + layer.state).reduce(0) { $0 + $1.value.count }
                rows.append(("\(name) (\(type))", shapeText(y), count))
                if let container = layer as? any ContainerLayer {
                    _ = addRows(container.layers, input: before, indent: indent + "  ")
                }
            }
            return y
        }
        let y = addRows(layers, input: samples(Tensor.zeros([1, width])), indent: "")
        rows.append((lossLayer.summaryName, "(None, \(y.shape.last ?? 0))", 0))
        let trainable = parameterCount
        let nonTrainable = state.scalarCount
        let total = trainable + nonTrainable
        let nameWidth = Swift.max(24, (rows.map(\.0.count).max() ?? 0) + 2)
        let shapeWidth = Swift.max(18, (rows.map(\.1.count).max() ?? 0) + 2)
        let countWidth = Swift.max(9, groupedThousands(total).count)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: Swift.max(0, width - text.count)) }
        func padLeft(_ text: String, _ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - text.count)) + text }
        let rule = String(repeating: "=", count: nameWidth + shapeWidth + countWidth)
        var lines = [pad("Layer (type)", nameWidth) + pad("Output Shape", shapeWidth) + padLeft("Param #", countWidth), rule]
        lines += rows.map { pad($0.0, nameWidth) + pad($0.1, shapeWidth) + padLeft(groupedThousands($0.2), countWidth) }
        lines += [rule, "Total params: \(groupedThousands(total))"]
        if nonTrainable > 0 {
            lines += ["Trainable params: \(groupedThousands(trainable))", "Non-trainable params: \(groupedThousands(nonTrainable))"]
        }
        return lines.joined(separator: "\n")
    }

    /// The rows of the first parameter of the first layer that has one, looking inside
    /// containers: an Affine layer's weight is inputs × outputs.
    static func firstInputSize(_ layers: [any Layer]) -> Int? {
        for layer in layers {
            if let container = layer as? any ContainerLayer, let size = firstInputSize(container.layers) { return size }
            if let weight = layer.parameters.first?.value, weight.rank == 2 { return weight.shape[0] }
        }
        return nil
    }
}

/// 407050 → "407,050".
public func groupedThousands(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var groups: [Substring] = []
    var end = digits.endIndex
    while end > digits.startIndex {
        let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
        groups.insert(digits[start..<end], at: 0)
        end = start
    }
    return (value < 0 ? "-" : "") + groups.joined(separator: ",")
}

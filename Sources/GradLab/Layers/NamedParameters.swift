/// What every layer with parameters does the same way: hand its tensors out under their names
/// (Affine's "W" and "b", BatchNorm's "gamma" and "beta", an RNN's "Wx", "Wh" and "b"), take them
/// back from an optimizer in the same order, and hand out the gradients of the last `backward`.
/// One place for it, so that each layer's file shows only what is its own: the names.
enum NamedParameters {
    /// The tensors of `values` in order, after checking that they are exactly `names.count`
    /// (a layer's setter must not silently drop or ignore a tensor).
    static func values(_ values: [NamedTensor], expecting names: [String], layer: String) -> [Tensor] {
        precondition(values.count == names.count,
                     "\(layer).parameters: expected \(names.joined(separator: ", ")), got \(values.map(\.name))")
        return values.map(\.value)
    }

    /// The gradients of the last `backward`, named; reading them before any backward (while a
    /// gradient is still nil) is a precondition failure naming the layer.
    static func gradients(_ gradients: [(name: String, value: Tensor?)], layer: String) -> [NamedTensor] {
        gradients.map { gradient in
            guard let value = gradient.value else { preconditionFailure("\(layer).gradients read before backward") }
            return NamedTensor(gradient.name, value)
        }
    }
}

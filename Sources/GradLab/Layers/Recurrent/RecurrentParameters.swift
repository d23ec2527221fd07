/// The parameters of a recurrent layer under CS231n's names, Wx, Wh and b, in that order: what
/// `SimpleRNN` and `LSTM` both hand to `Sequential` (which numbers them Wx1, Wh1, b1, …) and take
/// back from an optimizer.
enum RecurrentParameters {
    /// The three tensors, named.
    static func named(_ inputWeight: Tensor, _ recurrentWeight: Tensor, _ bias: Tensor) -> [NamedTensor] {
        [NamedTensor("Wx", inputWeight), NamedTensor("Wh", recurrentWeight), NamedTensor("b", bias)]
    }

    /// The three tensors out of `values`, which must be exactly three (Wx, Wh, b).
    static func unnamed(_ values: [NamedTensor], layer: String) -> (Tensor, Tensor, Tensor) {
        precondition(values.count == 3, "\(layer).parameters: expected Wx, Wh and b, got \(values.map(\.name))")
        return (values[0].value, values[1].value, values[2].value)
    }

    /// The gradients from the last `backward`, named; reading them before any backward is a
    /// precondition failure naming the layer.
    static func gradients(_ inputWeight: Tensor?, _ recurrentWeight: Tensor?, _ bias: Tensor?, layer: String) -> [NamedTensor] {
        guard let dWx = inputWeight, let dWh = recurrentWeight, let db = bias else {
            preconditionFailure("\(layer).gradients read before backward")
        }
        return named(dWx, dWh, db)
    }
}

// One time step out of a batch of sequences: the one tensor operation the recurrent layers
// name for themselves, because `x.timeStep(t)` reads like the math (xₜ) where the general
// slice, `x.sliced(alongAxis: 1, t ..< t + 1)` and a squeeze, does not. Everything else they
// take from the general operations: `Tensor.stack(_:alongAxis: 1)` for the steps back into a
// sequence, `sliced(alongAxis: 1, _:)` and `concatenate(_:alongAxis: 1)` for the LSTM's gates,
// `permuted([0, 2, 1])` for swapping a sample's axes, `gathered`/`scattered` for an embedding.

extension Tensor {
    /// Time step `t` of a batch of sequences: `x[:, t, :]` in numpy, [N, T, D] → [N, D].
    ///
    /// - Precondition: rank 3 and 0 ≤ t < T; the message names the shape.
    public func timeStep(_ t: Int) -> Tensor {
        precondition(rank == 3 && (0..<shape[1]).contains(t),
                     "Tensor.timeStep: step \(t) of a batch of sequences [N, T, D], got \(shape)")
        return sliced(alongAxis: 1, t ..< t + 1).reshaped([shape[0], shape[2]])
    }
}

extension Variable {
    /// Time step t of a batch of sequences, [N, T, D] → [N, D].
    ///        backward: g placed at step t of a zero [N, T, D] (the slice's padding)
    public func timeStep(_ t: Int) -> Variable {
        precondition(shape.count == 3 && (0..<shape[1]).contains(t),
                     "Variable.timeStep: step \(t) of a batch of sequences [N, T, D], got \(shape)")
        return sliced(alongAxis: 1, t ..< t + 1).reshaped([shape[0], shape[2]])
    }
}

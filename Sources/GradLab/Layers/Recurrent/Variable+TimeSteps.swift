// The recurrent layers' tensor operations on the gradient tape (`Tensor+TimeSteps.swift`), each
// value next to its backward. Cutting a piece out sends the gradient back into that piece of a
// zero tensor; putting pieces together sends each piece its share. The backward passes are
// written with these same recorded operations, so the tape can differentiate them again.

extension Variable {
    /// Time step t of a batch of sequences, [N, T, D] → [N, D].
    ///        backward: g placed at step t of a zero [N, T, D]
    public func timeStep(_ t: Int) -> Variable {
        let steps = shape[1]
        return Variable.unary("step \(t)", self, value.timeStep(t)) { g in g.placedAtTimeStep(t, of: steps) }
    }

    /// A step [N, D] placed at time step t of a zero batch of sequences [N, `steps`, D].
    ///        backward: time step t of g
    public func placedAtTimeStep(_ t: Int, of steps: Int) -> Variable {
        let zero = Tensor.zeros(shape)
        let value = Tensor.stackingTimeSteps((0..<steps).map { $0 == t ? self.value : zero })
        return Variable.unary("at step \(t)", self, value) { g in g.timeStep(t) }
    }

    /// Steps [N, D] stacked into a batch of sequences [N, T, D].
    ///        backward: each step gets its time step of g
    public static func stackingTimeSteps(_ steps: [Variable]) -> Variable {
        let value = Tensor.stackingTimeSteps(steps.map(\.value))
        guard let tape = steps.lazy.compactMap(\.tape).first else { return Variable(constant: value) }
        return tape.record(value, operation: "stack steps", inputs: steps) { g in
            steps.indices.map { g.timeStep($0) }
        }
    }

    /// Columns `range` of a matrix, [N, K] → [N, range.count]: one LSTM gate.
    ///        backward: g placed in those columns of a zero [N, K]
    public func columns(_ range: Range<Int>) -> Variable {
        let width = shape[1]
        return Variable.unary("columns \(range.lowerBound)..<\(range.upperBound)", self, value.columns(range)) { g in
            g.placedInColumns(range, width: width)
        }
    }

    /// A matrix [N, range.count] placed in columns `range` of a zero [N, `width`].
    ///        backward: those columns of g
    public func placedInColumns(_ range: Range<Int>, width: Int) -> Variable {
        let rows = shape[0]
        let value = Tensor.joiningColumns([Tensor.zeros([rows, range.lowerBound]), self.value,
                                           Tensor.zeros([rows, width - range.upperBound])])
        return Variable.unary("into columns \(range.lowerBound)..<\(range.upperBound)", self, value) { g in g.columns(range) }
    }

    /// Each sample's two axes swapped, [N, A, B] → [N, B, A].
    ///        backward: g with its axes swapped back
    public func swappingSampleAxes() -> Variable {
        Variable.unary("swap axes", self, value.swappingSampleAxes()) { g in g.swappingSampleAxes() }
    }
}

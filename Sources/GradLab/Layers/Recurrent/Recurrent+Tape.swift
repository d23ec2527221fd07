// The recurrent layers on the gradient tape: each forward pass written once more with recorded
// operations (Variable+TimeSteps.swift for the steps and the gates), so that the tape finds
// backprop through time by itself. The tests check it against the hand-written backward passes.

extension SimpleRNN: TapeLayer {
    /// h₁ … h_T from h₀ = 0, each by `step` on the tape, the steps stacked.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        var h = Variable(constant: .zeros([x.shape[0], hiddenSize]))
        var states: [Variable] = []
        for t in 0..<x.shape[1] {
            h = Self.step(x.timeStep(t), previous: h, inputWeight: parameters[0], recurrentWeight: parameters[1],
                          bias: parameters[2], activation: activation)
            states.append(h)
        }
        return Variable.stackingTimeSteps(states)
    }

    /// One step on the tape: hₜ = f(xₜ · Wx + hₜ₋₁ · Wh + b), f tanh or σ.
    public static func step(_ x: Variable, previous: Variable, inputWeight: Variable, recurrentWeight: Variable,
                            bias: Variable, activation: HiddenActivation = .tanh) -> Variable {
        let a = x.matmul(inputWeight) + previous.matmul(recurrentWeight) + bias
        return activation == .sigmoid ? sigmoid(a) : tanh(a)
    }
}

extension LSTM: TapeLayer {
    /// h₁ … h_T from h₀ = c₀ = 0, each by `step` on the tape, the steps stacked.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        var h = Variable(constant: .zeros([x.shape[0], hiddenSize]))
        var c = h
        var states: [Variable] = []
        for t in 0..<x.shape[1] {
            (h, c) = Self.step(x.timeStep(t), previousHidden: h, previousCell: c, inputWeight: parameters[0],
                               recurrentWeight: parameters[1], bias: parameters[2])
            states.append(h)
        }
        return Variable.stackingTimeSteps(states)
    }

    /// One step on the tape, through the four gates; returns hₜ and cₜ.
    public static func step(_ x: Variable, previousHidden: Variable, previousCell: Variable, inputWeight: Variable,
                            recurrentWeight: Variable, bias: Variable) -> (hidden: Variable, cell: Variable) {
        let size = recurrentWeight.shape[0]
        let a = x.matmul(inputWeight) + previousHidden.matmul(recurrentWeight) + bias
        let i = sigmoid(a.columns(0 ..< size)), f = sigmoid(a.columns(size ..< 2 * size))
        let o = sigmoid(a.columns(2 * size ..< 3 * size)), g = tanh(a.columns(3 * size ..< 4 * size))
        let c = f * previousCell + i * g
        return (o * tanh(c), c)
    }
}

extension Last: TapeLayer {
    /// The last time step.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        x.timeStep(x.shape[1] - 1)
    }
}

extension SwapAxes: TapeLayer {
    /// Each sample transposed.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        x.swappingSampleAxes()
    }
}

extension Embedding: TapeLayer {
    /// Row x[n, t] of the table at every position: the table's rows gathered, so the tape sends
    /// the gradient back by adding each position's into its token's row.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        parameters[0].rowsGathered(indices(x.value)).reshaped(x.shape + [dimension])
    }
}

extension Variable {
    /// The rows `indices` of a matrix, in order, repeats allowed: `W[indices]` in numpy.
    ///        backward: each row of g added into the row it came from (a scatter-add)
    public func rowsGathered(_ indices: [Int]) -> Variable {
        let rows = shape[0]
        return Variable.unary("rows", self, value.rows(indices)) { g in g.rowsScatteredAdding(indices, into: rows) }
    }

    /// Row r of this matrix added into row `indices[r]` of a zero matrix of `rows` rows.
    ///        backward: the rows `indices` of g
    public func rowsScatteredAdding(_ indices: [Int], into rows: Int) -> Variable {
        Variable.unary("scatter-add rows", self, value.rowsScatteredAdding(indices, into: rows)) { g in
            g.rowsGathered(indices)
        }
    }
}

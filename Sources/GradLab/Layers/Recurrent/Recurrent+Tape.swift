// The recurrent layers on the gradient tape: each forward pass written once more with recorded
// operations (`timeStep`, and the general slice, stack and gather), so that the tape finds
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
        return Variable.stack(states, alongAxis: 1)
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
        return Variable.stack(states, alongAxis: 1)
    }

    /// One step on the tape, through the four gates; returns hₜ and cₜ.
    public static func step(_ x: Variable, previousHidden: Variable, previousCell: Variable, inputWeight: Variable,
                            recurrentWeight: Variable, bias: Variable) -> (hidden: Variable, cell: Variable) {
        let size = recurrentWeight.shape[0]
        let a = x.matmul(inputWeight) + previousHidden.matmul(recurrentWeight) + bias
        let i = sigmoid(a.sliced(alongAxis: 1, 0 ..< size)), f = sigmoid(a.sliced(alongAxis: 1, size ..< 2 * size))
        let o = sigmoid(a.sliced(alongAxis: 1, 2 * size ..< 3 * size)), g = tanh(a.sliced(alongAxis: 1, 3 * size ..< 4 * size))
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
        x.permuted([0, 2, 1])
    }
}

extension Embedding: TapeLayer {
    /// Row x[n, t] of the table at every position: the table's rows gathered, so the tape sends
    /// the gradient back by adding each position's into its token's row.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        parameters[0].gathered(indices(x.value), alongAxis: 0).reshaped(x.shape + [dimension])
    }
}

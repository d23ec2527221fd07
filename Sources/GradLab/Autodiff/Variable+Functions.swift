import Foundation

// The tape's functions: each value next to its derivative, written with recorded operations so
// that the backward pass can itself be differentiated (second derivatives).

/// eˣ of every element.        d/dx = eˣ
public func exp(_ x: Variable) -> Variable {
    Variable.unary("exp", x, x.value.map { Foundation.exp($0) }) { g in g * exp(x) }
}

/// log x of every element.        d/dx = 1/x
public func log(_ x: Variable) -> Variable {
    Variable.unary("log", x, x.value.map { Foundation.log($0) }) { g in g / x }
}

/// xᵖ of every element, for a constant exponent p.        d/dx = p · xᵖ⁻¹
public func pow(_ x: Variable, _ p: Double) -> Variable {
    Variable.unary("^" + (p == p.rounded() && abs(p) < 1e15 ? String(Int(p)) : "\(p)"), x, x.value.map { Foundation.pow($0, p) }) { g in g * (p * pow(x, p - 1)) }
}

/// The sigmoid σ(x) of every element.        d/dx = σ(x) · (1 − σ(x))
public func sigmoid(_ x: Variable) -> Variable {
    Variable.unary("σ", x, sigmoid(x.value)) { g in
        let y = sigmoid(x)
        return g * y * (1 - y)
    }
}

/// tanh x of every element.        d/dx = 1 − tanh²x
public func tanh(_ x: Variable) -> Variable {
    Variable.unary("tanh", x, tanh(x.value)) { g in
        let y = tanh(x)
        return g * (1 - y * y)
    }
}

/// max(0, x) of every element.        d/dx = 1 where x > 0, else 0 (a constant mask)
public func relu(_ x: Variable) -> Variable {
    Variable.unary("relu", x, relu(x.value)) { g in g * Variable(constant: reluDerivative(x.value)) }
}

/// Leaky ReLU of every element.        d/dx = 1 where x > 0, else `slope`
public func leakyReLU(_ x: Variable, slope: Double = 0.01) -> Variable {
    Variable.unary("leaky relu", x, leakyReLU(x.value, slope: slope)) { g in
        g * Variable(constant: leakyReLUDerivative(x.value, slope: slope))
    }
}

/// The softmax of each row (of a matrix of scores): exp(a − max) / Σ exp(a − max). The row
/// maximum is a constant (softmax does not change when a constant is subtracted), so only exp,
/// the sum and the division are recorded.
public func softmax(_ scores: Variable) -> Variable {
    precondition(scores.value.rank == 2, "softmax(Variable): expects a matrix of scores, got \(scores.shape)")
    let maxima = Variable(constant: scores.value.max(alongAxis: 1).reshaped([-1, 1]))
    let e = exp(scores - maxima)
    return e / e.sum(alongAxis: 1).reshaped([-1, 1])
}

/// The mean cross-entropy of softmax(scores) against class indices: the loss of
/// `SoftmaxWithLoss`, in log-sum-exp form.
///
/// ```
/// L = (1/N) Σₙ (log Σₖ exp(aₙₖ) − aₙ,tₙ)        ∂L/∂a = (softmax(a) − t) / N
/// ```
public func softmaxCrossEntropy(scores: Variable, labels: [Int]) -> Variable {
    let (samples, classes) = (scores.shape[0], scores.shape[1])
    precondition(scores.value.rank == 2 && labels.count == samples,
                 "softmaxCrossEntropy(Variable): \(labels.count) labels for scores \(scores.shape)")
    let loss = Tensor(scalar: softmaxCrossEntropy(scores: scores.value, Tensor(labels.map(Double.init))))
    let targets = Variable(constant: oneHot(labels, classes: classes))
    return Variable.unary("softmax cross-entropy", scores, loss) { g in
        g * (softmax(scores) - targets) / Double(samples)
    }
}

/// softplus(x) = log(1 + eˣ) of every element, computed as max(x, 0) + log(1 + e^−|x|) so that
/// no exponential overflows.        d/dx = σ(x)
public func softplus(_ x: Variable) -> Variable {
    Variable.unary("softplus", x, x.value.map { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }) { g in
        g * sigmoid(x)
    }
}

/// |x| of every element.        d/dx = sign(x), taken as 0 at x = 0 (a constant, like ReLU's mask)
public func abs(_ x: Variable) -> Variable {
    Variable.unary("abs", x, x.value.map { Swift.abs($0) }) { g in
        g * Variable(constant: x.value.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    }
}

// The tape's arithmetic: each operation's value, then its backward, side by side. Broadcasting
// works as for `Tensor`; a gradient flowing back to an operand that was broadcast is summed
// back to the operand's shape (`reduced(to:)`).

extension Variable {
    /// a + b.        ∂/∂a = 1, ∂/∂b = 1
    public static func + (a: Variable, b: Variable) -> Variable {
        binary("+", a, b, a.value + b.value) { g in (g.reduced(to: a.shape), g.reduced(to: b.shape)) }
    }

    /// a − b.        ∂/∂a = 1, ∂/∂b = −1
    public static func - (a: Variable, b: Variable) -> Variable {
        binary("−", a, b, a.value - b.value) { g in (g.reduced(to: a.shape), (-g).reduced(to: b.shape)) }
    }

    /// a ⊙ b, element by element.        ∂/∂a = b, ∂/∂b = a
    public static func * (a: Variable, b: Variable) -> Variable {
        binary("×", a, b, a.value * b.value) { g in ((g * b).reduced(to: a.shape), (g * a).reduced(to: b.shape)) }
    }

    /// a / b, element by element.        ∂/∂a = 1/b, ∂/∂b = −a/b²
    public static func / (a: Variable, b: Variable) -> Variable {
        binary("÷", a, b, a.value / b.value) { g in ((g / b).reduced(to: a.shape), (-g * a / (b * b)).reduced(to: b.shape)) }
    }

    /// −a.        ∂/∂a = −1
    public static prefix func - (a: Variable) -> Variable {
        unary("neg", a, -a.value) { g in -g }
    }

    /// The matrix product a · b (matrices).        ∂/∂a = g · bᵀ, ∂/∂b = aᵀ · g
    public func matmul(_ b: Variable) -> Variable {
        let a = self
        precondition(a.value.rank == 2 && b.value.rank == 2,
                     "Variable.matmul: needs two matrices, got \(a.shape) · \(b.shape)")
        return Variable.binary("·", a, b, a.value.matmul(b.value)) { g in
            (g.matmul(b.transposed()), a.transposed().matmul(g))
        }
    }

    /// The transpose of a matrix.        ∂/∂a = gᵀ
    public func transposed() -> Variable {
        Variable.unary("ᵀ", self, value.transposed()) { g in g.transposed() }
    }

    /// The value broadcast to `shape`.        backward: summed back to the value's shape
    public func broadcast(to shape: [Int]) -> Variable {
        let original = self.shape
        return Variable.unary("broadcast", self, value.broadcast(to: shape)) { g in g.reduced(to: original) }
    }

    /// Summed over the axes that broadcast it from `shape` (the inverse of `broadcast(to:)`).
    ///        backward: broadcast back to the value's shape
    public func reduced(to shape: [Int]) -> Variable {
        if self.shape == shape { return self }
        let original = self.shape
        return Variable.unary("sum to \(shape)", self, value.summed(toShape: shape)) { g in g.broadcast(to: original) }
    }

    /// The sum of all elements, a scalar.        backward: g copied to every element
    public func sum() -> Variable {
        let original = shape
        return Variable.unary("Σ", self, Tensor(scalar: value.sum())) { g in g.broadcast(to: original) }
    }

    /// The sum along one axis, removing it.        backward: g copied along that axis
    public func sum(alongAxis axis: Int) -> Variable {
        let original = shape
        var kept = original
        kept[axis] = 1
        return Variable.unary("Σ axis \(axis)", self, value.sum(alongAxis: axis)) { g in g.reshaped(kept).broadcast(to: original) }
    }

    /// The mean of all elements.
    public func mean() -> Variable {
        sum() / Variable(constant: Tensor(scalar: Double(value.count)))
    }

    /// The mean along one axis, removing it.
    public func mean(alongAxis axis: Int) -> Variable {
        sum(alongAxis: axis) / Variable(constant: Tensor(scalar: Double(shape[axis])))
    }

    /// The same elements with another shape.        backward: reshaped back
    public func reshaped(_ shape: [Int]) -> Variable {
        let original = self.shape
        return Variable.unary("reshape", self, value.reshaped(shape)) { g in g.reshaped(original) }
    }
}

extension Variable {
    /// a + c for a number c.
    public static func + (a: Variable, c: Double) -> Variable { a + Variable(constant: Tensor(scalar: c)) }
    /// c − a for a number c.
    public static func - (c: Double, a: Variable) -> Variable { Variable(constant: Tensor(scalar: c)) - a }
    /// a − c for a number c.
    public static func - (a: Variable, c: Double) -> Variable { a - Variable(constant: Tensor(scalar: c)) }
    /// c · a for a number c.
    public static func * (c: Double, a: Variable) -> Variable { Variable(constant: Tensor(scalar: c)) * a }
    /// a · c for a number c.
    public static func * (a: Variable, c: Double) -> Variable { a * Variable(constant: Tensor(scalar: c)) }
    /// a / c for a number c.
    public static func / (a: Variable, c: Double) -> Variable { a / Variable(constant: Tensor(scalar: c)) }
    /// c / a for a number c.
    public static func / (c: Double, a: Variable) -> Variable { Variable(constant: Tensor(scalar: c)) / a }
    /// c + a for a number c.
    public static func + (c: Double, a: Variable) -> Variable { Variable(constant: Tensor(scalar: c)) + a }
}

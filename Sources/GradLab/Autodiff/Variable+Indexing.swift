// The tape's indexing: gather and scatter are each other's gradient, `where` routes the
// gradient by its condition, a mask is a gather and top k gathers the largest elements.

extension Variable {
    /// The sub-tensors at `indices` along `axis` (`tf.gather`; see `Tensor.gathered(_:alongAxis:)`).
    ///
    /// ```
    /// backward: the gradient scattered back to the indices it was read from, adding where an
    ///           index repeats (scattered(at:alongAxis:intoShape:))
    /// ```
    public func gathered(_ indices: [Int], alongAxis axis: Int) -> Variable {
        let original = shape
        return Variable.unary("gather", self, value.gathered(indices, alongAxis: axis)) { g in
            g.scattered(at: indices, alongAxis: axis, intoShape: original)
        }
    }

    /// The value's sub-tensors added at `indices` along `axis` of zeros of shape `shape`
    /// (`tf.scatter_nd`; see `Tensor.scattered(at:alongAxis:intoShape:)`).
    ///
    /// ```
    /// backward: the gradient gathered at the same indices (gathered(_:alongAxis:))
    /// ```
    public func scattered(at indices: [Int], alongAxis axis: Int, intoShape shape: [Int]) -> Variable {
        Variable.unary("scatter", self, value.scattered(at: indices, alongAxis: axis, intoShape: shape)) { g in
            g.gathered(indices, alongAxis: axis)
        }
    }

    /// The value with `updates` added at `indices` along `axis` (`tf.tensor_scatter_nd_add`):
    /// the value plus the updates scattered into its shape.
    ///
    /// ```
    /// backward: to the value, the gradient as it is; to the updates, the gradient gathered
    /// ```
    public func scatteringAdd(_ updates: Variable, at indices: [Int], alongAxis axis: Int) -> Variable {
        self + updates.scattered(at: indices, alongAxis: axis, intoShape: shape)
    }

    /// Element by element, `a` where `condition` is non-zero and `b` elsewhere (`tf.where`; see
    /// `Tensor.where(_:_:_:)`). The condition is a constant.
    ///
    /// ```
    /// backward: ∂L/∂a = g where the condition holds, 0 elsewhere; ∂L/∂b = the rest of g
    ///           (each summed back to its operand's shape if it was broadcast)
    /// ```
    public static func `where`(_ condition: Tensor, _ a: Variable, _ b: Variable) -> Variable {
        let result = Tensor.where(condition, a.value, b.value)
        let chooseA = Tensor.where(condition, Tensor(scalar: 1), Tensor(scalar: 0)).broadcast(to: result.shape)
        return binary("where", a, b, result) { g in
            ((g * Variable(constant: chooseA)).reduced(to: a.shape),
             (g * Variable(constant: 1 - chooseA)).reduced(to: b.shape))
        }
    }

    /// The sub-tensors that a mask of 0s and 1s selects (`tf.boolean_mask`; see
    /// `Tensor.masked(by:)`): the value viewed as one row per mask entry, the kept rows gathered.
    ///        backward: scattered back to the kept rows, zeros elsewhere
    public func masked(by mask: Tensor) -> Variable {
        let (rowsShape, kept) = value.maskLayout(mask)
        return reshaped(rowsShape).gathered(kept, alongAxis: 0)
    }

    /// The sub-tensors along the first axis where `mask` is true (`x[mask]`).
    public func masked(by mask: [Bool]) -> Variable {
        masked(by: Tensor(mask.map { $0 ? 1 : 0 }))
    }

    /// The `k` largest elements of each row (along the last axis), largest first, and their
    /// indices (`tf.math.top_k`; see `Tensor.topK(_:)`; ties to the lower index). The indices
    /// are constants; the values are a gather of the value's elements.
    ///
    /// ```
    /// backward: each value's gradient to the element it was taken from, zeros elsewhere
    /// ```
    public func topK(_ k: Int) -> (values: Variable, indices: [[Int]]) {
        let (top, indices) = value.topK(k)
        let width = shape.last ?? 1
        let positions = indices.enumerated().flatMap { row, columns in columns.map { row * width + $0 } }
        return (reshaped([value.count]).gathered(positions, alongAxis: 0).reshaped(top.shape), indices)
    }
}

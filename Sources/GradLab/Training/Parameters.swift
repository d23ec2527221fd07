/// A network's learnable tensors, by name, in a fixed order: the book's `params` dictionary,
/// and equally the shape of a gradient (`grads["W1"]` is ∂L/∂W1).
///
/// ```
/// W1  784×50      b1  50      W2  50×10      b2  10          (the book's TwoLayerNet)
/// ```
///
/// Every network, optimizer, gradient check and the trainer speak this one type. It is a value:
/// a copy is independent, so a numerical gradient can perturb its own copy and never the
/// network it measures.
public struct Parameters: Sendable, Equatable, CustomStringConvertible {
    /// The names in order ("W1", "b1", …), each unique.
    public private(set) var names: [String]
    /// The tensors, in the order of `names`.
    public private(set) var tensors: [Tensor]

    /// Creates the collection from named tensors.
    ///
    /// - Precondition: the names are unique.
    public init(_ named: [NamedTensor]) {
        names = named.map(\.name)
        tensors = named.map(\.value)
        precondition(Set(names).count == names.count, "Parameters: names repeat in \(names)")
    }

    /// An empty collection (a network of activation layers only).
    public init() {
        self.init([])
    }

    /// The tensors with their names, in order.
    public var named: [NamedTensor] {
        zip(names, tensors).map { NamedTensor($0, $1) }
    }

    /// The number of tensors.
    public var count: Int { tensors.count }

    /// The total number of scalars: 39,760 for 784-50-10, Keras's "Total params".
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// Whether a tensor of that name exists.
    public func contains(_ name: String) -> Bool { names.contains(name) }

    /// The tensor called `name`: `grads["W1"]`.
    ///
    /// - Precondition: the name exists; the message lists the names there are.
    public subscript(name: String) -> Tensor {
        get { tensors[index(of: name)] }
        set {
            let i = index(of: name)
            precondition(newValue.shape == tensors[i].shape,
                         "Parameters[\"\(name)\"]: shape \(newValue.shape) replaces \(tensors[i].shape)")
            tensors[i] = newValue
        }
    }

    /// The position of `name` in `names`.
    public func index(of name: String) -> Int {
        guard let i = names.firstIndex(of: name) else {
            preconditionFailure("Parameters: no tensor named \"\(name)\"; there are \(names)")
        }
        return i
    }

    /// Calls `body` with the tensor at position `index`, in place (no copy of the tensor):
    /// how a numerical gradient nudges one element at a time.
    public mutating func modify<R>(at index: Int, _ body: (inout Tensor) -> R) -> R {
        body(&tensors[index])
    }

    /// Applies `transform` to each tensor, keeping the names: `grads.map { $0 * 0.1 }`.
    public func map(_ transform: (Tensor) -> Tensor) -> Parameters {
        var result = self
        for i in tensors.indices {
            result.tensors[i] = transform(tensors[i])
            precondition(result.tensors[i].shape == tensors[i].shape,
                         "Parameters.map: \(names[i]) changed shape from \(tensors[i].shape) to \(result.tensors[i].shape)")
        }
        return result
    }

    /// Calls `body` with each tensor (in place), its name and the tensor of the same name in
    /// `other`: how an optimizer applies θ ← θ − η·g to every parameter.
    ///
    /// - Precondition: `other` has the same names and shapes, in the same order.
    public mutating func update(
        with other: Parameters, _ body: (_ name: String, _ value: inout Tensor, _ other: Tensor) -> Void
    ) {
        precondition(names == other.names, "Parameters.update: names \(names) and \(other.names) differ")
        for i in tensors.indices {
            precondition(tensors[i].shape == other.tensors[i].shape,
                         "Parameters.update: \(names[i]) is \(tensors[i].shape), its gradient \(other.tensors[i].shape)")
            body(names[i], &tensors[i], other.tensors[i])
        }
    }

    /// One line per tensor: its name and shape.
    public var description: String {
        zip(names, tensors).map { "\($0) \($1.shape)" }.joined(separator: ", ")
    }
}

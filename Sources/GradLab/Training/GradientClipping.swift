/// Limits on a gradient before the update, against exploding gradients: TensorFlow's
/// `clip_by_value`, `clip_by_norm` and `clip_by_global_norm` (Keras's `clipvalue` and
/// `clipnorm`, and `global_clipnorm`).
///
/// ```
/// by value c:         every element clamped to [−c, c]                     (changes the direction)
/// by norm c:          each tensor t ← t · c / max(‖t‖, c)                  (each keeps its direction)
/// by global norm c:   g = √(Σᵢ ‖tᵢ‖²),  every tᵢ ← tᵢ · c / max(g, c)      (the whole step keeps its direction)
/// ```
///
/// A gradient already inside the limit is left as it is. Clipping by global norm is the remedy
/// Pascanu, Mikolov and Bengio (2013) give for recurrent networks' exploding gradients: it keeps
/// the direction of steepest descent and only shortens the step.
public enum GradientClipping: Sendable, Equatable {
    /// Clamp every element to [−c, c].
    case value(Double)
    /// Scale each tensor whose norm exceeds c down to norm c.
    case norm(Double)
    /// Scale every tensor by c / g when the global norm g exceeds c.
    case globalNorm(Double)

    /// The limit c.
    public var limit: Double {
        switch self {
        case let .value(c), let .norm(c), let .globalNorm(c): c
        }
    }

    /// `gradient` clipped.
    ///
    /// - Precondition: the limit is positive and finite.
    public func clip(_ gradient: Parameters) -> Parameters {
        precondition(limit > 0 && limit.isFinite, "GradientClipping: the limit must be positive and finite, got \(limit)")
        switch self {
        case let .value(c): return clipByValue(gradient, c)
        case let .norm(c): return clipByNorm(gradient, c)
        case let .globalNorm(c): return clipByGlobalNorm(gradient, c).clipped
        }
    }
}

/// Every element clamped to [−c, c]: TensorFlow's `tf.clip_by_value(t, −c, c)`.
public func clipByValue(_ gradient: Parameters, _ c: Double) -> Parameters {
    gradient.map { $0.map { Swift.min(Swift.max($0, -c), c) } }
}

/// Each tensor t scaled by c / max(‖t‖, c): TensorFlow's `tf.clip_by_norm(t, c)`, tensor by
/// tensor.
public func clipByNorm(_ gradient: Parameters, _ c: Double) -> Parameters {
    gradient.map { t in
        let norm = t.norm
        return norm > c ? t * (c / norm) : t
    }
}

/// Every tensor scaled by c / max(g, c), where g = √(Σᵢ ‖tᵢ‖²) is the global norm:
/// TensorFlow's `tf.clip_by_global_norm(ts, c)`, which also returns g.
public func clipByGlobalNorm(_ gradient: Parameters, _ c: Double) -> (clipped: Parameters, globalNorm: Double) {
    let g = gradient.globalNorm
    guard g > c else { return (gradient, g) }
    let scale = c / g
    return (gradient.map { $0 * scale }, g)
}

extension Parameters {
    /// The global norm √(Σᵢ ‖tᵢ‖²) of every tensor together: the length of the whole gradient
    /// as one vector.
    public var globalNorm: Double {
        tensors.reduce(0) { $0 + $1.squaredNorm }.squareRoot()
    }
}

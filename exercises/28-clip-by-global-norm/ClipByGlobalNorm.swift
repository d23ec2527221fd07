import GradLab

// Exercise 28 (clip-by-global-norm): clip a gradient by its global norm, as TensorFlow does.
//
// When gradients explode (the TF notes §9.3), one step can throw the weights far away. Clipping
// by global norm shortens the whole step, every tensor by the same factor, so that the step
// keeps its direction:
//
//     g = √(Σᵢ ‖tᵢ‖²)               the global norm: all the tensors as one long vector
//     tᵢ ← tᵢ · c / max(g, c)       every tensor scaled alike; unchanged when g ≤ c
//
// TensorFlow's tf.clip_by_global_norm(t_list, clip_norm) returns the clipped tensors and g, the
// global norm before clipping (to log it, and to see when the gradient exploded).
//
// Write myClipByGlobalNorm(_:clipNorm:): the tensors of a gradient in order, and c; return the
// clipped tensors in the same order, and g. `t.norm` is ‖t‖ = √(Σ t²) and `t.squaredNorm` is
// ‖t‖²; `t * s` scales a tensor.
//
// The check compares your answer with the formula on gradients above, below and far above the
// limit, and names the rule your numbers follow when they differ.
//
// Then run: swift run gradlab check clip-by-global-norm
// Stuck? swift run gradlab hint clip-by-global-norm (one more hint each time you ask).

/// Your clip by global norm: the tensors scaled by c / max(g, c), and the global norm g.
public func myClipByGlobalNorm(_ tensors: [Tensor], clipNorm c: Double) throws -> (clipped: [Tensor], globalNorm: Double) {
    throw NotImplemented()
}

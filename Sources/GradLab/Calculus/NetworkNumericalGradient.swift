/// The numerical gradient of a `TwoLayerNet`'s loss on a batch, by the chosen method.
///
/// - `.full`: the book's method, two complete forward passes per parameter, over all cores
///   (`TwoLayerNet.parallelNumericalGradient`).
/// - `.incremental`: the same central differences, recomputing only what a parameter touches
///   (`TwoLayerNet.incrementalNumericalGradient`).
public func numericalGradient(
    of net: TwoLayerNet, _ x: Tensor, _ t: Tensor, h: Double = 1e-4,
    method: GradientSource.NumericalMethod
) -> TwoLayerNet.Parameters {
    switch method {
    case .full: net.parallelNumericalGradient(x, t, h: h)
    case .incremental: net.incrementalNumericalGradient(x, t, h: h).gradient
    }
}

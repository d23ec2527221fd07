import GradLabData
extension LabeledImages {
    /// The images at `indices` as a `Tensor` of shape `[indices.count, pixelsPerImage]`, each
    /// pixel scaled to `[0, 1]` (`pixel / 255`): a mini-batch `x` ready for the first layer.
    ///
    /// - Precondition: every index is in `0..<count`.
    public func images(at indices: [Int]) -> Tensor {
        Tensor(shape: [indices.count, pixelsPerImage], scalars: scaledPixels(indices: indices))
    }

    /// The labels at `indices` as one-hot rows, a `Tensor` of shape `[indices.count, classes]`:
    /// the targets `t` of `SoftmaxWithLoss`.
    ///
    /// - Precondition: every index is in `0..<count`, `classes >= 10`.
    public func oneHot(at indices: [Int], classes: Int = LabeledImages.classCount) -> Tensor {
        Tensor(shape: [indices.count, classes], scalars: oneHotLabels(indices: indices, classes: classes))
    }
}

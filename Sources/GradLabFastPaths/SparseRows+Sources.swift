import GradLab
import GradLabData
import GradLabKernels

extension SparseRows where Value == UInt8 {
    /// The non-zero pixels of every image, one row per image.
    public init(_ images: LabeledImages) {
        self.init(dense: images.pixels, rowCount: images.count, columnCount: images.pixelsPerImage)
    }
}

extension SparseRows where Value == Double {
    /// The non-zero entries of a matrix.
    public init(_ matrix: Tensor) {
        precondition(matrix.rank == 2, "SparseRows: expects a matrix, got shape \(matrix.shape)")
        self.init(dense: matrix.scalars, rowCount: matrix.shape[0], columnCount: matrix.shape[1])
    }
}

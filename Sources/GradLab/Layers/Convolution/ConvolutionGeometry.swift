/// How a window is laid on an image: how far it steps, and how many zero rows and columns are
/// added around the image first.
///
/// ```
/// valid      no padding: the window stays inside the image     out = ⌊(in − k) / s⌋ + 1
/// same       zeros so that out = ⌈in / s⌉ (in = out for s = 1): TensorFlow's rule, any extra
///            row or column of zeros goes at the bottom and right
/// explicit   p rows of zeros above and below, p columns left and right (the book's `pad`)
/// ```
public enum Padding: Sendable, Equatable, CustomStringConvertible {
    /// No padding (Keras's default).
    case valid
    /// Enough zeros that the output has ⌈in / stride⌉ rows and columns.
    case same
    /// `p` zeros on every side.
    case explicit(Int)

    /// "valid", "same" or "pad 1", as a network description writes it.
    public var description: String {
        switch self {
        case .valid: "valid"
        case .same: "same"
        case .explicit(let p): "pad \(p)"
        }
    }
}

/// The sizes of one convolution or pooling window pass over an image of the NHWC layout: the
/// input's height, width and channels, the window, the stride, the padding on each side, and the
/// output's height and width that follow.
///
/// ```
/// out_h = (in_h + pad_top + pad_bottom − kernel_h) / stride + 1
/// out_w = (in_w + pad_left + pad_right − kernel_w) / stride + 1
/// ```
///
/// Window (oy, ox) covers input rows oy·stride − pad_top … + kernel_h − 1 and columns
/// ox·stride − pad_left … + kernel_w − 1; rows and columns outside the image read as 0.
public struct ConvolutionGeometry: Sendable, Equatable {
    /// Input rows, columns and channels (one image).
    public var inputHeight: Int, inputWidth: Int, channels: Int
    /// The window's rows and columns.
    public var kernelHeight: Int, kernelWidth: Int
    /// How many rows (and columns) the window moves each step.
    public var stride: Int
    /// Zero rows above and below, zero columns left and right.
    public var padTop: Int, padBottom: Int, padLeft: Int, padRight: Int

    /// Output rows: windows that fit down the padded image.
    public var outputHeight: Int { (inputHeight + padTop + padBottom - kernelHeight) / stride + 1 }
    /// Output columns: windows that fit across the padded image.
    public var outputWidth: Int { (inputWidth + padLeft + padRight - kernelWidth) / stride + 1 }

    /// Numbers in one window: kernel_h · kernel_w · channels, a row of im2col's matrix.
    public var windowSize: Int { kernelHeight * kernelWidth * channels }

    /// Whether the windows cover the padded image exactly, with no rows or columns left over at
    /// the bottom or right.
    public var dividesEvenly: Bool {
        (inputHeight + padTop + padBottom - kernelHeight) % stride == 0
            && (inputWidth + padLeft + padRight - kernelWidth) % stride == 0
    }

    /// The geometry of a `kernelHeight × kernelWidth` window stepping by `stride` over images
    /// of `inputHeight × inputWidth × channels` with `padding`.
    ///
    /// - Throws: a message naming the sizes when the stride is not positive, the padding is
    ///   negative, or the window is larger than the padded image.
    public init(inputHeight: Int, inputWidth: Int, channels: Int, kernelHeight: Int, kernelWidth: Int,
                stride: Int, padding: Padding) throws(ConvolutionShapeError) {
        guard stride >= 1 else { throw ConvolutionShapeError("the stride must be at least 1, got \(stride)") }
        guard kernelHeight >= 1, kernelWidth >= 1 else {
            throw ConvolutionShapeError("the window must be at least 1×1, got \(kernelHeight)×\(kernelWidth)")
        }
        guard inputHeight >= 1, inputWidth >= 1, channels >= 1 else {
            throw ConvolutionShapeError("the input must be at least 1×1×1, got \(inputHeight)×\(inputWidth)×\(channels)")
        }
        (self.inputHeight, self.inputWidth, self.channels) = (inputHeight, inputWidth, channels)
        (self.kernelHeight, self.kernelWidth, self.stride) = (kernelHeight, kernelWidth, stride)
        switch padding {
        case .valid:
            (padTop, padBottom, padLeft, padRight) = (0, 0, 0, 0)
        case .explicit(let p):
            guard p >= 0 else { throw ConvolutionShapeError("padding must be 0 or more, got \(p)") }
            (padTop, padBottom, padLeft, padRight) = (p, p, p, p)
        case .same:
            // TensorFlow: out = ⌈in / s⌉, and the zeros needed split with the odd one after.
            func split(_ input: Int, _ kernel: Int) -> (Int, Int) {
                let output = (input + stride - 1) / stride
                let total = Swift.max((output - 1) * stride + kernel - input, 0)
                return (total / 2, total - total / 2)
            }
            (padTop, padBottom) = split(inputHeight, kernelHeight)
            (padLeft, padRight) = split(inputWidth, kernelWidth)
        }
        guard kernelHeight <= inputHeight + padTop + padBottom, kernelWidth <= inputWidth + padLeft + padRight else {
            throw ConvolutionShapeError("the window \(kernelHeight)×\(kernelWidth) is larger than its input "
                                        + "\(inputHeight)×\(inputWidth) (padding \(padding))")
        }
    }
}

/// A window, stride or padding that does not fit the image it is laid on.
public struct ConvolutionShapeError: Error, CustomStringConvertible, Equatable {
    /// What does not fit, with the sizes.
    public var description: String

    /// Creates the error.
    public init(_ description: String) {
        self.description = description
    }
}

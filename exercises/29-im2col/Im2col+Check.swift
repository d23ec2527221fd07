import GradLab

extension Exercise {
    /// Exercise 29: im2col for one image, NHWC, with a stride and padding.
    static let im2colExercise = Exercise(
        id: "im2col", title: "im2col: every window of an image unrolled into a row",
        file: "exercises/29-im2col/Im2col.swift",
        book: "Saitoh 7.4.3; TF notes §8.1–8.2", minutes: 20,
        hints: [
            "First the sizes: outHeight = (H + 2·pad − kernelHeight) / stride + 1, likewise outWidth, and the result is Tensor.zeros([outHeight · outWidth, kernelHeight · kernelWidth · C]). Then four loops: oy, ox (the window), ky, kx (the pixel in it), and one more for c.",
            "The pixel (ky, kx) of window (oy, ox) is image[oy · stride − pad + ky, ox · stride − pad + kx, c]; when that row or column is below 0 or past the image's edge it is padding: leave the 0.",
            "result[oy * outWidth + ox, (ky * kernelWidth + kx) * C + c] = image[y, x, c], with y = oy * stride - pad + ky and x = ox * stride - pad + kx, inside `if y >= 0 && y < H && x >= 0 && x < W`.",
        ],
        solution: "Sources/GradLab/Layers/Convolution/Im2Col.swift: im2col",
        check: { checkIm2col { image, window in
            try myIm2col(image, kernelHeight: window.kernelHeight, kernelWidth: window.kernelWidth, stride: window.stride, pad: window.pad)
        } },
        checkReference: { checkIm2col { image, window in im2col(image.expandingDimensions(at: 0), window.geometry(for: image)) } },
        wrongAnswers: [
            WrongAnswer("channels first in each row (the book's NCHW order)") {
                checkIm2col { image, window in unrolled(image, window, mistake: .channelsFirst) }
            },
            WrongAnswer("the padding not subtracted: pixel (ky, kx) read from row oy · stride + ky") {
                checkIm2col { image, window in unrolled(image, window, mistake: .paddingNotSubtracted) }
            },
            WrongAnswer("the stride left out: window (oy, ox) starts at row oy − pad") {
                checkIm2col { image, window in unrolled(image, window, mistake: .strideLeftOut) }
            },
            WrongAnswer("windows numbered column by column") {
                checkIm2col { image, window in unrolled(image, window, mistake: .windowsByColumn) }
            },
            WrongAnswer("the padding left out of the output size") {
                checkIm2col { image, window in
                    var unpadded = window
                    unpadded.pad = 0
                    return unrolled(image, unpadded, mistake: nil)
                }
            },
        ])

    /// A window laid on images: its size, its step and the zeros around the image.
    struct Window: Sendable, CustomStringConvertible {
        var kernelHeight: Int, kernelWidth: Int, stride: Int, pad: Int

        /// The library's geometry for this window on one image [H, W, C].
        func geometry(for image: Tensor) -> ConvolutionGeometry {
            do {
                return try ConvolutionGeometry(inputHeight: image.shape[0], inputWidth: image.shape[1], channels: image.shape[2],
                                               kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride,
                                               padding: .explicit(pad))
            } catch {
                preconditionFailure("Window: \(error)")
            }
        }

        /// Windows down and across an image of `height` × `width`.
        func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
            ((height + 2 * pad - kernelHeight) / stride + 1, (width + 2 * pad - kernelWidth) / stride + 1)
        }

        /// "3×2 windows, stride 2, pad 1".
        var description: String { "\(kernelHeight)×\(kernelWidth) windows, stride \(stride), pad \(pad)" }
    }

    /// The mistakes students make in im2col and col2im, each a way of walking the windows.
    enum WindowMistake: CaseIterable, Sendable {
        case channelsFirst, paddingNotSubtracted, strideLeftOut, windowsByColumn

        /// What the checker says when an answer walks the windows this way.
        var explanation: String {
            switch self {
            case .channelsFirst:
                "yours puts each row's channels first, column (c · kernel_h + ky) · kernel_w + kx: that is the book's NCHW order; "
                    + "GradLab's images are NHWC, so a pixel's C channels sit side by side: column (ky · kernel_w + kx) · C + c"
            case .paddingNotSubtracted:
                "yours reads window (oy, ox) from row oy · stride + ky: subtract the padding, the first window starts at row −pad, in the zeros"
            case .strideLeftOut:
                "yours moves the window by one pixel whatever the stride: window (oy, ox) starts at row oy · stride − pad"
            case .windowsByColumn:
                "yours numbers the windows column by column: row oy · out_w + ox, windows row by row, as the output's pixels are stored"
            }
        }
    }

    /// Calls `body(row, column, y, x, c)` for every entry of the unrolled matrix that comes from
    /// a pixel inside the image (not the padding), walked the right way or with `mistake`.
    static func forEachWindowEntry(height: Int, width: Int, channels: Int, _ window: Window, mistake: WindowMistake?,
                                   _ body: (_ row: Int, _ column: Int, _ y: Int, _ x: Int, _ c: Int) -> Void) {
        let (outHeight, outWidth) = window.outputSize(height: height, width: width)
        let (kh, kw) = (window.kernelHeight, window.kernelWidth)
        let step = mistake == .strideLeftOut ? 1 : window.stride
        let shift = mistake == .paddingNotSubtracted ? 0 : window.pad
        for oy in 0..<outHeight {
            for ox in 0..<outWidth {
                let row = mistake == .windowsByColumn ? ox * outHeight + oy : oy * outWidth + ox
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        let (y, x) = (oy * step - shift + ky, ox * step - shift + kx)
                        guard y >= 0 && y < height && x >= 0 && x < width else { continue }
                        for c in 0..<channels {
                            let column = mistake == .channelsFirst ? (c * kh + ky) * kw + kx : (ky * kw + kx) * channels + c
                            body(row, column, y, x, c)
                        }
                    }
                }
            }
        }
    }

    /// im2col of one image [H, W, C], written out here (the right way, or with `mistake`).
    static func unrolled(_ image: Tensor, _ window: Window, mistake: WindowMistake?) -> Tensor {
        let (height, width, channels) = (image.shape[0], image.shape[1], image.shape[2])
        let (outHeight, outWidth) = window.outputSize(height: height, width: width)
        var result = Tensor.zeros([outHeight * outWidth, window.kernelHeight * window.kernelWidth * channels])
        forEachWindowEntry(height: height, width: width, channels: channels, window, mistake: mistake) { row, column, y, x, c in
            result[row, column] = image[y, x, c]
        }
        return result
    }

    /// The images and windows of the im2col and col2im checks: the picture of the instructions
    /// (a … p as 1 … 16), then two with channels, a stride, padding, and a kernel that is not square.
    static let windowCases: [(shape: [Int], window: Window)] = [
        ([4, 4, 1], Window(kernelHeight: 3, kernelWidth: 3, stride: 1, pad: 0)),
        ([5, 6, 2], Window(kernelHeight: 3, kernelWidth: 2, stride: 2, pad: 1)),
        ([5, 5, 3], Window(kernelHeight: 3, kernelWidth: 3, stride: 1, pad: 1)),
    ]

    /// The image of case `index`: 1 … 16 for the picture, random numbers for the others.
    static func windowCaseImage(_ index: Int) -> Tensor {
        let shape = windowCases[index].shape
        if index == 0 { return Tensor(shape: shape, scalars: (1...16).map(Double.init)) }
        var generator = SplitMix64(seed: UInt64(290 + index))
        return Tensor.randomNormal(shape: shape, using: &generator)
    }

    /// What a wrong unrolled matrix has in common with a known mistake, or where it first differs.
    static func windowDiagnosis(yours: Tensor, want: Tensor, variant: (WindowMistake) -> Tensor,
                                window: Window, channels: Int) -> String {
        for mistake in WindowMistake.allCases where (variant(mistake) - yours).norm <= 1e-12 * Swift.max(want.norm, 1) {
            return mistake.explanation
        }
        guard let flat = (0..<yours.count).first(where: { abs(yours[flat: $0] - want[flat: $0]) > 1e-12 * Swift.max(abs(want[flat: $0]), 1) })
        else { return "" }
        let index = yours.multiIndex(ofFlatIndex: flat)
        guard index.count == 2 else { return "the first difference is at \(index): yours \(rounded(yours[flat: flat])), want \(rounded(want[flat: flat]))" }
        let (row, column) = (index[0], index[1])
        let pixel = column / channels
        return "the first difference is row \(row), column \(column) (pixel (ky, kx) = (\(pixel / window.kernelWidth), "
            + "\(pixel % window.kernelWidth)), channel \(column % channels)): yours \(rounded(yours[flat: flat])), want \(rounded(want[flat: flat]))"
    }

    /// Runs `implementation` on every case and compares it with the library's im2col.
    static func checkIm2col(_ implementation: @escaping (Tensor, Window) throws -> Tensor) -> ExerciseOutcome {
        attempt({ try windowCases.indices.map { try implementation(windowCaseImage($0), windowCases[$0].window) } }) { results in
            for (index, yours) in results.enumerated() {
                let image = windowCaseImage(index), window = windowCases[index].window
                let (height, width, channels) = (image.shape[0], image.shape[1], image.shape[2])
                let want = im2col(image.expandingDimensions(at: 0), window.geometry(for: image))
                let what = "image \(height)×\(width)×\(channels), \(window)"
                guard yours.shape == want.shape else {
                    let (outHeight, outWidth) = window.outputSize(height: height, width: width)
                    return .failed("\(what): yours has shape \(yours.shape), want \(want.shape): \(outHeight)·\(outWidth) windows "
                                   + "(out = (in + 2·pad − kernel) / stride + 1), each of \(window.kernelHeight)·\(window.kernelWidth)·\(channels) numbers")
                }
                guard (yours - want).norm <= 1e-12 * Swift.max(want.norm, 1) else {
                    return .failed("\(what): " + windowDiagnosis(yours: yours, want: want, variant: { unrolled(image, window, mistake: $0) },
                                                                 window: window, channels: channels))
                }
            }
            let last = windowCaseImage(2), columns = results[2]
            return .passed("equal to the library's im2col on \(results.count) images; the \(last.shape.map(String.init).joined(separator: "×")) "
                           + "image's \(last.count) numbers became \(columns.shape[0]) × \(columns.shape[1]) = \(columns.count): "
                           + "each pixel is copied into every window that covers it, up to 9")
        }
    }
}

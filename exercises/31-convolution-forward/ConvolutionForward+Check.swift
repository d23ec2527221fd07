import GradLab

extension Exercise {
    /// Exercise 31: the convolution's sum, written as seven loops.
    static let convolutionForward = Exercise(
        id: "convolution-forward", title: "A convolution's forward pass by loops, checked against Conv2D",
        file: "exercises/31-convolution-forward/ConvolutionForward.swift",
        book: "Saitoh 7.2; TF notes §8.1–8.2", minutes: 20,
        hints: [
            "Sizes first: N = x.shape[0], H, W, C the next three; kernel_h, kernel_w and F from weight.shape; outHeight = (H + 2 * pad - kernelHeight) / stride + 1. Then var y = Tensor.zeros([N, outHeight, outWidth, F]).",
            "For each n, oy, ox, f start from var sum = bias[f]; loop over ky, kx and c, and skip the pixel when y = oy * stride - pad + ky or x = ox * stride - pad + kx falls outside the image (that is the padding: 0).",
            "sum += x[n, iy, ix, c] * weight[ky, kx, c, f] inside the three inner loops, then y[n, oy, ox, f] = sum.",
        ],
        solution: "Sources/GradLab/Layers/Convolution/ConvolutionByLoops.swift: convolution(byLoops:weight:bias:stride:padding:) "
            + "(and Conv2D.forward in Sources/GradLab/Layers/Convolution/Conv2D.swift, through im2col)",
        check: { checkConvolutionForward { try myConvolutionForward(x: $0, weight: $1, bias: $2, stride: $3, pad: $4) } },
        checkReference: { checkConvolutionForward { x, weight, bias, stride, pad in
            convolution(byLoops: x, weight: weight, bias: bias, stride: stride, padding: .explicit(pad))
        } },
        wrongAnswers: [
            WrongAnswer("forgot the bias") { checkConvolutionForward { convolved($0, $1, $2, stride: $3, pad: $4, mistake: .biasForgotten) } },
            WrongAnswer("the kernel flipped (a convolution as mathematicians define it)") {
                checkConvolutionForward { convolved($0, $1, $2, stride: $3, pad: $4, mistake: .kernelFlipped) }
            },
            WrongAnswer("the padding not subtracted from the window's position") {
                checkConvolutionForward { convolved($0, $1, $2, stride: $3, pad: $4, mistake: .paddingNotSubtracted) }
            },
            WrongAnswer("the stride left out of the window's position") {
                checkConvolutionForward { convolved($0, $1, $2, stride: $3, pad: $4, mistake: .strideLeftOut) }
            },
        ])

    /// A convolution's arguments: x, weight, bias, stride, pad.
    typealias ConvolutionFunction = (Tensor, Tensor, Tensor, Int, Int) throws -> Tensor

    /// The ways the loops go wrong.
    enum ConvolutionMistake: CaseIterable, Sendable {
        case biasForgotten, kernelFlipped, paddingNotSubtracted, strideLeftOut

        var explanation: String {
            switch self {
            case .biasForgotten: "yours is the library's output minus the bias: start each sum from bias[f]"
            case .kernelFlipped:
                "yours flips the kernel, weight[kernel_h − 1 − ky, kernel_w − 1 − kx, c, f]: that is convolution as mathematicians "
                    + "define it; the book, TensorFlow and GradLab compute the cross-correlation, weight[ky, kx, c, f]"
            case .paddingNotSubtracted: WindowMistake.paddingNotSubtracted.explanation  // as in im2col (exercise 29)
            case .strideLeftOut: WindowMistake.strideLeftOut.explanation
            }
        }
    }

    /// One term x[n, iy, ix, c] · W[ky, kx, c, f] of the sum for y[n, oy, ox, f].
    struct ConvolutionTerm {
        let n: Int, oy: Int, ox: Int, f: Int, ky: Int, kx: Int, iy: Int, ix: Int, c: Int
    }

    /// Calls `body` for every term of a convolution of x (shape `x`) by filters (shape `weight`),
    /// in the loops' order n, oy, ox, f, ky, kx, c, leaving out the padding; window (oy, ox)
    /// starts at row oy · step − shift (the stride and the padding, or a student's mistake).
    static func forEachConvolutionTerm(x: [Int], weight: [Int], output: (height: Int, width: Int), step: Int, shift: Int,
                                       _ body: (ConvolutionTerm) -> Void) {
        for n in 0..<x[0] {
            for oy in 0..<output.height {
                for ox in 0..<output.width {
                    for f in 0..<weight[3] {
                        for ky in 0..<weight[0] {
                            for kx in 0..<weight[1] {
                                let (iy, ix) = (oy * step - shift + ky, ox * step - shift + kx)
                                guard iy >= 0 && iy < x[1] && ix >= 0 && ix < x[2] else { continue }
                                for c in 0..<x[3] { body(ConvolutionTerm(n: n, oy: oy, ox: ox, f: f, ky: ky, kx: kx, iy: iy, ix: ix, c: c)) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The convolution written out here, the right way (`mistake` nil) or with a mistake.
    static func convolved(_ x: Tensor, _ weight: Tensor, _ bias: Tensor, stride: Int, pad: Int, mistake: ConvolutionMistake?) -> Tensor {
        let (kh, kw, filters) = (weight.shape[0], weight.shape[1], weight.shape[3])
        let output = ((x.shape[1] + 2 * pad - kh) / stride + 1, (x.shape[2] + 2 * pad - kw) / stride + 1)
        let start = mistake == .biasForgotten ? Tensor.zeros([filters]) : bias
        var y = start.reshaped([1, 1, 1, filters]).broadcast(to: [x.shape[0], output.0, output.1, filters])
        forEachConvolutionTerm(x: x.shape, weight: weight.shape, output: output, step: mistake == .strideLeftOut ? 1 : stride,
                               shift: mistake == .paddingNotSubtracted ? 0 : pad) { t in
            let (wy, wx) = mistake == .kernelFlipped ? (kh - 1 - t.ky, kw - 1 - t.kx) : (t.ky, t.kx)
            y[t.n, t.oy, t.ox, t.f] += x[t.n, t.iy, t.ix, t.c] * weight[wy, wx, t.c, t.f]
        }
        return y
    }

    /// The settings of the convolution checks: x's shape, the weight's shape, stride, pad.
    static let convolutionCases: [(x: [Int], weight: [Int], stride: Int, pad: Int)] = [
        ([2, 5, 5, 3], [3, 3, 3, 2], 1, 0),
        ([2, 5, 5, 3], [3, 3, 3, 2], 1, 1),
        ([2, 5, 6, 3], [3, 2, 3, 4], 2, 1),
    ]

    /// Random x, weight and bias for convolution case `index`.
    static func convolutionInputs(_ index: Int) -> (x: Tensor, weight: Tensor, bias: Tensor) {
        let setting = convolutionCases[index]
        var generator = SplitMix64(seed: UInt64(310 + index))
        return (Tensor.randomNormal(shape: setting.x, using: &generator), Tensor.randomNormal(shape: setting.weight, using: &generator),
                Tensor.randomNormal(shape: [setting.weight[3]], using: &generator))
    }

    /// "x [2, 5, 6, 3], weight [3, 2, 3, 4], stride 2, pad 1".
    static func convolutionCaseName(_ index: Int) -> String {
        let setting = convolutionCases[index]
        return "x \(setting.x), weight \(setting.weight), stride \(setting.stride), pad \(setting.pad)"
    }

    /// Runs `implementation` on every setting and compares it with the library's Conv2D.
    static func checkConvolutionForward(_ implementation: @escaping ConvolutionFunction) -> ExerciseOutcome {
        attempt({
            try convolutionCases.indices.map { index in
                let (x, weight, bias) = convolutionInputs(index)
                return try implementation(x, weight, bias, convolutionCases[index].stride, convolutionCases[index].pad)
            }
        }) { results in
            var worst = 0.0
            for (index, yours) in results.enumerated() {
                let (x, weight, bias) = convolutionInputs(index)
                let (stride, pad) = (convolutionCases[index].stride, convolutionCases[index].pad)
                var layer = Conv2D(weight: weight, bias: bias, stride: stride, padding: .explicit(pad))
                let want = layer.forward(x)
                guard yours.shape == want.shape else {
                    return .failed("\(convolutionCaseName(index)): yours has shape \(yours.shape), want \(want.shape) "
                                   + "([N, out_h, out_w, F], out = (in + 2·pad − kernel) / stride + 1)")
                }
                let error = (yours - want).norm / want.norm
                worst = Swift.max(worst, error)
                guard error > 1e-12 else { continue }
                for mistake in ConvolutionMistake.allCases
                where (convolved(x, weight, bias, stride: stride, pad: pad, mistake: mistake) - yours).norm <= 1e-12 * want.norm {
                    return .failed("\(convolutionCaseName(index)): " + mistake.explanation)
                }
                let far = (0..<yours.count).max { abs(yours[flat: $0] - want[flat: $0]) < abs(yours[flat: $1] - want[flat: $1]) }!
                return .failed("\(convolutionCaseName(index)): norm-relative error \(rounded(error)); the largest difference is at "
                               + "\(yours.multiIndex(ofFlatIndex: far)) [n, oy, ox, f]: yours \(rounded(yours[flat: far])), "
                               + "Conv2D \(rounded(want[flat: far]))")
            }
            return .passed("equal to Conv2D (im2col and one matrix product) on \(results.count) settings, norm-relative error at most "
                           + "\(rounded(worst)); strides 1 and 2, padding 0 and 1, a 3×2 kernel")
        }
    }
}

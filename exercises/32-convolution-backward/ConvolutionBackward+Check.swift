import GradLab

extension Exercise {
    /// Exercise 32: dx, dW and db of a convolution, each term of the sum a multiply node.
    static let convolutionBackwardExercise = Exercise(
        id: "convolution-backward", title: "A convolution's backward pass by loops: dx, dW and db",
        file: "exercises/32-convolution-backward/ConvolutionBackward.swift",
        book: "Saitoh 7.4.3–7.4.4; CS231n assignment 2 (conv_backward_naive)", minutes: 30,
        hints: [
            "db first, as for Affine: the bias is added at every position of every image, so db[f] is the sum of dout[n, oy, ox, f] over n, oy and ox.",
            "Then exercise 31's seven loops again. Where the forward pass did sum += x[n, iy, ix, c] * weight[ky, kx, c, f], the backward pass does two things with upstream = dout[n, oy, ox, f].",
            "dx[n, iy, ix, c] += upstream * weight[ky, kx, c, f] and dW[ky, kx, c, f] += upstream * x[n, iy, ix, c]: += because windows overlap and every position uses the same weights.",
        ],
        solution: "Sources/GradLab/Layers/Convolution/ConvolutionByLoops.swift: convolutionBackward(byLoops:x:weight:stride:padding:) "
            + "(and Conv2D.backward in Sources/GradLab/Layers/Convolution/Conv2D.swift, through col2im)",
        check: { checkConvolutionBackward { try myConvolutionBackward(dout: $0, x: $1, weight: $2, stride: $3, pad: $4) } },
        checkReference: { checkConvolutionBackward { dout, x, weight, stride, pad in
            convolutionBackward(byLoops: dout, x: x, weight: weight, stride: stride, padding: .explicit(pad))
        } },
        wrongAnswers: [
            WrongAnswer("dx assigned, not added, where windows overlap") {
                checkConvolutionBackward { convolutionGradients($0, $1, $2, stride: $3, pad: $4, mistake: .dxAssigned) }
            },
            WrongAnswer("dW from the first image only") {
                checkConvolutionBackward { convolutionGradients($0, $1, $2, stride: $3, pad: $4, mistake: .firstImageOnly) }
            },
            WrongAnswer("db averaged over the positions and the batch") {
                checkConvolutionBackward { convolutionGradients($0, $1, $2, stride: $3, pad: $4, mistake: .biasAveraged) }
            },
            WrongAnswer("dx through the flipped kernel") {
                checkConvolutionBackward { convolutionGradients($0, $1, $2, stride: $3, pad: $4, mistake: .kernelFlipped) }
            },
        ])

    /// A convolution's backward: dout, x, weight, stride, pad in; dx, dW, db out.
    typealias ConvolutionBackwardFunction = @Sendable (Tensor, Tensor, Tensor, Int, Int) throws -> (dx: Tensor, dW: Tensor, db: Tensor)

    /// The ways the backward loops go wrong.
    enum ConvolutionBackwardMistake: Sendable {
        case dxAssigned, firstImageOnly, biasAveraged, kernelFlipped
    }

    /// The backward loops written out here, with a mistake (nil: right): exercise 31's terms,
    /// each sending dout · W to its pixel and dout · x to its weight.
    static func convolutionGradients(_ dout: Tensor, _ x: Tensor, _ weight: Tensor, stride: Int, pad: Int,
                                     mistake: ConvolutionBackwardMistake?) -> (dx: Tensor, dW: Tensor, db: Tensor) {
        let (kh, kw) = (weight.shape[0], weight.shape[1])
        var dx = Tensor.zeros(like: x), dW = Tensor.zeros(like: weight)
        forEachConvolutionTerm(x: x.shape, weight: weight.shape, output: (dout.shape[1], dout.shape[2]), step: stride, shift: pad) { t in
            let upstream = dout[t.n, t.oy, t.ox, t.f]
            let (wy, wx) = mistake == .kernelFlipped ? (kh - 1 - t.ky, kw - 1 - t.kx) : (t.ky, t.kx)
            let term = upstream * weight[wy, wx, t.c, t.f]
            dx[t.n, t.iy, t.ix, t.c] = mistake == .dxAssigned ? term : dx[t.n, t.iy, t.ix, t.c] + term
            if mistake != .firstImageOnly || t.n == 0 { dW[t.ky, t.kx, t.c, t.f] += upstream * x[t.n, t.iy, t.ix, t.c] }
        }
        let db = dout.sum(alongAxes: [0, 1, 2])
        return (dx, dW, mistake == .biasAveraged ? db / Double(dout.count / weight.shape[3]) : db)
    }

    /// The settings of the backward check: stride 2 and a 3×3 kernel (windows overlap by a
    /// row and a column), then stride 1 with padding (each pixel in up to 9 windows).
    static let convolutionBackwardCases: [(x: [Int], weight: [Int], stride: Int, pad: Int)] = [
        ([2, 5, 5, 2], [3, 3, 2, 3], 2, 1),
        ([2, 4, 4, 3], [3, 3, 3, 2], 1, 1),
    ]

    /// Each setting through checkLayer, then against the library's Conv2D.
    static func checkConvolutionBackward(_ implementation: @escaping ConvolutionBackwardFunction) -> ExerciseOutcome {
        var texts: [String] = []
        for (index, setting) in convolutionBackwardCases.enumerated() {
            var generator = SplitMix64(seed: UInt64(320 + index))
            let x = Tensor.randomNormal(shape: setting.x, using: &generator)
            let weight = Tensor.randomNormal(shape: setting.weight, using: &generator)
            let bias = Tensor.randomNormal(shape: [setting.weight[3]], using: &generator)
            var library = Conv2D(weight: weight, bias: bias, stride: setting.stride, padding: .explicit(setting.pad))
            let dout = Tensor.randomNormal(shape: library.forward(x).shape, using: &generator)
            let what = "x \(setting.x), weight \(setting.weight), stride \(setting.stride), pad \(setting.pad)"
            let outcome = attempt({ try implementation(dout, x, weight, setting.stride, setting.pad) }) { result -> ExerciseOutcome in
                guard result.dx.shape == x.shape, result.dW.shape == weight.shape, result.db.shape == bias.shape else {
                    return .failed("\(what): shapes: dx \(result.dx.shape) (want \(x.shape)), dW \(result.dW.shape) (want \(weight.shape)), "
                                   + "db \(result.db.shape) (want \(bias.shape))")
                }
                // The forward pass is exercise 31's sum, by the library's loops; the backward, the answer's.
                let layer = StudentWeightedLayer(weight: weight, bias: bias, forward: { x, weight, bias in
                    convolution(byLoops: x, weight: weight, bias: bias, stride: setting.stride, padding: .explicit(setting.pad))
                }, backward: { dout, x, weight in try implementation(dout, x, weight, setting.stride, setting.pad) })
                let judged = judge(checkLayer(layer, input: x, seed: UInt64(325 + index)))
                let dx = library.backward(dout), dW = library.weightGradient!, db = library.biasGradient!
                guard case .passed(let text) = judged else {
                    let redo = { mistake in
                        convolutionGradients(dout, x, weight, stride: setting.stride, pad: setting.pad, mistake: mistake)
                    }
                    return .failed("\(what): \(judged.detail)" + convolutionBackwardDiagnosis(result, (dx, dW, db), redo: redo, batch: x.shape[0]))
                }
                let worst = [(result.dx, dx), (result.dW, dW), (result.db, db)].map { ($0 - $1).norm / $1.norm }.max()!
                guard worst <= 1e-12 else { return .failed("\(what): \(text), but it differs from Conv2D's by \(rounded(worst))") }
                return .passed("\(what): \(text); equal to Conv2D's (col2im and colsᵀ · dout) to \(rounded(worst))")
            }
            guard case .passed(let text) = outcome else { return outcome }
            texts.append(text)
        }
        return .passed(texts.joined(separator: "; "))
    }

    /// What a wrong (dx, dW, db) has of the common mistakes: first the mistakes of the loops,
    /// recognised by redoing them, then the usual fingerprints against the library's gradients.
    static func convolutionBackwardDiagnosis(_ yours: (dx: Tensor, dW: Tensor, db: Tensor), _ want: (dx: Tensor, dW: Tensor, db: Tensor),
                                             redo: (ConvolutionBackwardMistake) -> (dx: Tensor, dW: Tensor, db: Tensor), batch: Int) -> String {
        let same: (Tensor, Tensor) -> Bool = { ($0 - $1).norm <= 1e-12 * Swift.max($1.norm, 1e-300) }
        var why = ""
        if !same(yours.dx, want.dx) {
            if same(yours.dx, redo(.dxAssigned).dx) {
                why += "; dx: yours keeps one term at each pixel, the last written; a pixel is read by several windows and by every "
                    + "filter, and each use sends a gradient back: add them (+=)"
            } else if same(yours.dx, redo(.kernelFlipped).dx) {
                why += "; dx: yours takes the flipped weight[kernel_h − 1 − ky, kernel_w − 1 − kx]; in the loops each term x · W sends "
                    + "dout · weight[ky, kx, c, f] to its own pixel, no flip (the flip appears only when dx is written as a convolution of dout)"
            } else {
                why += diagnoseAll([("dx", yours.dx, want.dx)], batch: batch)
            }
        }
        if !same(yours.dW, want.dW) {
            if same(yours.dW, redo(.firstImageOnly).dW) {
                why += "; dW: yours has the first image's terms only; the same filters slide over every image of the batch: sum over n too"
            } else {
                why += diagnoseAll([("dW", yours.dW, want.dW)], batch: batch)
            }
        }
        if !same(yours.db, want.db) {
            let ratio = (yours.db / want.db).scalars
            if let first = ratio.first, ratio.allSatisfy({ abs($0 - first) <= 1e-9 * abs(first) }), first > 0, first < 1 {
                why += "; db: yours is 1/\(rounded(1 / first)) of the right one in every filter: the bias is added at every position "
                    + "of every image, so db sums dout over n, oy and ox, it does not average"
            } else {
                why += diagnoseAll([("db", yours.db, want.db)], batch: batch)
            }
        }
        return why
    }
}

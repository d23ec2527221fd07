import GradLab

extension Exercise {
    /// Exercise 11: dx, dW and db of the Affine layer.
    static let affineBackward = Exercise(
        id: "affine-backward", title: "The Affine layer's backward pass: dx, dW and db",
        file: "exercises/11-affine-backward/AffineBackward.swift",
        book: "Saitoh 5.6.1–5.6.2", minutes: 20,
        hints: [
            "Let the shapes guide you: dx must be N×I, dW must be I×O, db must be O. Which products of dout (N×O), x (N×I) and W (I×O) have those shapes?",
            "dx = dout.matmul(W.transposed()) and dW = x.transposed().matmul(dout).",
            "b was added to every row of the batch, so its gradient collects every row: db = dout.sum(alongAxis: 0) (a sum, not a mean).",
        ],
        solution: "Sources/GradLab/Layers/Affine.swift: Affine.backward (and storeParameterGradients)",
        check: { checkAffine { try myAffineBackward(dout: $0, x: $1, W: $2) } },
        checkReference: { checkAffine { dout, x, W in
            var layer = Affine(weight: W, bias: .zeros([W.shape[1]]))
            _ = layer.forward(x)
            let dx = layer.backward(dout)
            return (dx, layer.weightGradient!, layer.biasGradient!)
        } },
        wrongAnswers: [
            WrongAnswer("db as the mean over the batch, not the sum") {
                checkAffine { dout, x, W in (dout.matmul(W.transposed()), x.transposed().matmul(dout), dout.mean(alongAxis: 0)) }
            },
            WrongAnswer("dW transposed: doutᵀ · x") {
                checkAffine { dout, x, W in (dout.matmul(W.transposed()), dout.transposed().matmul(x), dout.sum(alongAxis: 0)) }
            },
            WrongAnswer("db not summed over the batch") {
                checkAffine { dout, x, W in (dout.matmul(W.transposed()), x.transposed().matmul(dout), dout) }
            },
            WrongAnswer("dW divided by N") {
                checkAffine { dout, x, W in
                    (dout.matmul(W.transposed()), x.transposed().matmul(dout) / Double(x.shape[0]), dout.sum(alongAxis: 0))
                }
            },
        ])

    typealias AffineBackward = StudentWeightedLayer.Backward

    /// x: 4×5, W: 5×3, b: 3. W is not square, so a transposed dW shows as a shape.
    static func checkAffine(_ implementation: @escaping AffineBackward) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 3)
        let x = Tensor.randomNormal(shape: [4, 5], using: &generator)
        let W = Tensor.randomNormal(shape: [5, 3], using: &generator)
        let b = Tensor.randomNormal(shape: [3], using: &generator)
        let g = Tensor.randomNormal(shape: [4, 3], using: &generator)
        return attempt({ try implementation(g, x, W) }) { result in
            guard result.dx.shape == x.shape, result.dW.shape == W.shape, result.db.shape == b.shape else {
                return .failed("shapes: dx \(result.dx.shape) (want \(x.shape)), dW \(result.dW.shape) (want \(W.shape)), "
                               + "db \(result.db.shape) (want \(b.shape))"
                               + (result.db.shape == g.shape ? "; db still has a row per sample: sum over the batch" : "")
                               + (result.dW.shape == W.shape.reversed() ? "; dW is W's shape reversed: xᵀ · dout, not doutᵀ · x" : ""))
            }
            let layer = StudentWeightedLayer(weight: W, bias: b, forward: { x, W, b in x.matmul(W) + b }, backward: implementation)
            let outcome = judge(checkLayer(layer, input: x, seed: 2))
            guard case .failed(let text) = outcome else { return outcome }
            // L = Σ g ⊙ (x·W + b): its numerical gradients are what dx, dW and db should be for dout = g.
            let numerical = GradLab.numericalGradient(of: summed(against: g) { $0.matmul(W) + b }, at: x)
            let numericalW = GradLab.numericalGradient(of: summed(against: g) { x.matmul($0) + b }, at: W)
            let numericalB = GradLab.numericalGradient(of: summed(against: g) { x.matmul(W) + $0 }, at: b)
            return .failed(text + diagnoseAll([("dx", result.dx, numerical), ("dW", result.dW, numericalW),
                                               ("db", result.db, numericalB)], batch: x.shape[0]))
        }
    }
}

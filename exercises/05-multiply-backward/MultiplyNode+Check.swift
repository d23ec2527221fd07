import GradLab

extension Exercise {
    /// Exercise 5: the chain rule at a multiply node, with the book's apples.
    static let multiplyBackward = Exercise(
        id: "multiply-backward", title: "Backward through a multiply node",
        file: "exercises/05-multiply-backward/MultiplyNode.swift",
        book: "Saitoh 5.4.1", minutes: 5,
        hints: [
            "z = x · y, so ∂z/∂x = y and ∂z/∂y = x. The chain rule multiplies each by the upstream gradient dout.",
            "Each input's gradient is dout times the *other* input: (dx: dout * y, dy: dout * x).",
        ],
        solution: "Sources/GradLab/ChainRule/MultiplyNode.swift: MultiplyNode.backward",
        check: { checkMultiply { try myMultiplyBackward(dout: $0, x: $1, y: $2) } },
        checkReference: { checkMultiply { dout, x, y in
            var node = MultiplyNode()
            _ = node.forward(x, y)
            return node.backward(dout)
        } },
        wrongAnswers: [
            WrongAnswer("each input times itself instead of the other") { checkMultiply { dout, x, y in (dout * x, dout * y) } },
            WrongAnswer("forgot the upstream gradient") { checkMultiply { _, x, y in (y, x) } },
        ])

    static func checkMultiply(_ implementation: (Double, Double, Double) throws -> (dx: Double, dy: Double)) -> ExerciseOutcome {
        // The book's apple: 100 yen × 2 apples, upstream 1.1 (the tax): dapple = 2.2, dcount = 110.
        attempt({ try implementation(1.1, 100, 2) }) { result in
            let numericX = GradLab.numericalDerivative(of: { 1.1 * $0 * 2 }, at: 100)
            let numericY = GradLab.numericalDerivative(of: { 1.1 * 100 * $0 }, at: 2)
            if abs(result.dx - numericX) < 1e-6 && abs(result.dy - numericY) < 1e-6 {
                return .passed("dapple = \(result.dx), dcount = \(result.dy), as the book's graph")
            }
            var why = ""
            if abs(result.dx - 1.1 * 100) < 1e-6 && abs(result.dy - 1.1 * 2) < 1e-6 {
                why = "; you swapped them: x's gradient is dout times y"
            } else if abs(result.dx - 2) < 1e-6 && abs(result.dy - 100) < 1e-6 {
                why = "; that is ∂z/∂x and ∂z/∂y without the upstream gradient: multiply by dout"
            }
            return .failed("for z = x·y with x = 100, y = 2, dout = 1.1: got (\(result.dx), \(result.dy)), "
                           + "expected (\(numericX), \(numericY))\(why)")
        }
    }
}

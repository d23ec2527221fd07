import GradLab

extension Exercise {
    /// Exercise 6: the add node, the apples-and-oranges graph, and gradients that add up where
    /// paths join.
    static let addBackward = Exercise(
        id: "add-backward", title: "Add nodes: apples and oranges, and paths that join",
        file: "exercises/06-add-backward/AddNode.swift",
        book: "Saitoh 5.3–5.4", minutes: 20,
        hints: [
            "z = x + y: both partial derivatives are 1, so the add node passes dout unchanged to both inputs.",
            "Backward goes in reverse: the tax node first (dall = 1 · tax, dtax = 1 · all), then the add node (dapplePrice = dorangePrice = dall), then the two multiply nodes.",
            "For x · y + x: the product sends back y, the direct path sends back 1. Where paths join, gradients add: dx = y + 1, dy = x.",
        ],
        solution: "Sources/GradLab/ChainRule/AddNode.swift and ApplesAndOranges.swift (buyApplesAndOranges); "
            + "joining paths: GradientTape.gradient in Sources/GradLab/Autodiff/GradientTape.swift (gradients reaching a value along several paths add up)",
        check: {
            checkAdd(add: { try myAddBackward(dout: $0) },
                     fruit: { try myFruitGradients(apple: $0, apples: $1, orange: $2, oranges: $3, tax: $4) },
                     joined: { try myJoinedPathsGradient(x: $0, y: $1) })
        },
        checkReference: { checkAdd(add: { AddNode().backward($0) }, fruit: referenceFruit, joined: referenceJoined) },
        wrongAnswers: [
            WrongAnswer("the add node splits the gradient in half") {
                checkAdd(add: { ($0 / 2, $0 / 2) }, fruit: referenceFruit, joined: referenceJoined)
            },
            WrongAnswer("forgot the tax on the way back") {
                checkAdd(add: { AddNode().backward($0) }, fruit: { apple, apples, orange, oranges, _ in
                    (apples, apple, oranges, orange, apple * apples + orange * oranges)
                }, joined: referenceJoined)
            },
            WrongAnswer("followed only one of the joining paths") {
                checkAdd(add: { AddNode().backward($0) }, fruit: referenceFruit, joined: { x, y in (y, x) })
            },
        ])

    typealias Fruit = (apple: Double, apples: Double, orange: Double, oranges: Double, tax: Double)

    /// The graph by the library's nodes, as `buyApplesAndOranges` computes it.
    static let referenceFruit: @Sendable (Double, Double, Double, Double, Double) -> Fruit = { apple, apples, orange, oranges, tax in
        var appleNode = MultiplyNode(), orangeNode = MultiplyNode(), taxNode = MultiplyNode()
        let sumNode = AddNode()
        let all = sumNode.forward(appleNode.forward(apple, apples), orangeNode.forward(orange, oranges))
        _ = taxNode.forward(all, tax)
        let (dAll, dTax) = taxNode.backward(1)
        let (dApplePrice, dOrangePrice) = sumNode.backward(dAll)
        let (dApple, dApples) = appleNode.backward(dApplePrice)
        let (dOrange, dOranges) = orangeNode.backward(dOrangePrice)
        return (dApple, dApples, dOrange, dOranges, dTax)
    }

    /// x · y + x on the gradient tape, which adds what each path sends back.
    static let referenceJoined: @Sendable (Double, Double) -> (dx: Double, dy: Double) = { x, y in
        let tape = GradientTape()
        let (vx, vy) = (tape.watch(Tensor(scalar: x)), tape.watch(Tensor(scalar: y)))
        let gradients: [Tensor] = tape.gradient(of: vx * vy + vx, withRespectTo: [vx, vy])
        return (gradients[0].scalar, gradients[1].scalar)
    }

    static func checkAdd(add: @escaping (Double) throws -> (dx: Double, dy: Double),
                         fruit: @escaping (Double, Double, Double, Double, Double) throws -> Fruit,
                         joined: @escaping (Double, Double) throws -> (dx: Double, dy: Double)) -> ExerciseOutcome {
        checkParts([
            ("myAddBackward", {
                attempt({ try add(1.3) }) { result in
                    if result.dx == 1.3 && result.dy == 1.3 { return .passed("add passes dout = 1.3 to both inputs") }
                    return .failed("for z = x + y with dout = 1.3: got (\(result.dx), \(result.dy)), expected (1.3, 1.3): "
                                   + "∂z/∂x = ∂z/∂y = 1, so both get all of dout")
                }
            }),
            ("myFruitGradients", {
                // The book's numbers, and a second basket so that the book's answers cannot be typed in.
                let baskets: [[Double]] = [[100, 2, 150, 3, 1.1], [120, 4, 80, 5, 1.08]]
                return attempt({ try baskets.map { try fruit($0[0], $0[1], $0[2], $0[3], $0[4]) } }) { results in
                    let names = ["apple", "apples", "orange", "oranges", "tax"]
                    for (basket, result) in zip(baskets, results) {
                        let price: ([Double]) -> Double = { ($0[0] * $0[1] + $0[2] * $0[3]) * $0[4] }
                        let yours = [result.apple, result.apples, result.orange, result.oranges, result.tax]
                        for (i, name) in names.enumerated() {
                            let numeric = GradLab.numericalDerivative(of: { value in
                                var inputs = basket
                                inputs[i] = value
                                return price(inputs)
                            }, at: basket[i])
                            if abs(yours[i] - numeric) > 1e-6 * Swift.max(1, abs(numeric)) {
                                return .failed("with apple \(basket[0]) × \(basket[1]), orange \(basket[2]) × \(basket[3]), tax \(basket[4]): "
                                               + "d\(name) is \(yours[i]), numerically \(rounded(numeric))")
                            }
                        }
                    }
                    return .passed("the book's dapple 2.2, dapples 110, dorange 3.3, doranges 165, dtax 650")
                }
            }),
            ("myJoinedPathsGradient", {
                attempt({ try joined(3, -2) }) { result in
                    if abs(result.dx - -1) < 1e-12 && abs(result.dy - 3) < 1e-12 {
                        return .passed("x · y + x at (3, −2): dx = y + 1 = −1, the two paths added")
                    }
                    let why = abs(result.dx - -2) < 1e-12 ? ": that is only the product's path; the direct path sends back 1 too" : ""
                    return .failed("f = x · y + x at x = 3, y = −2: got (\(result.dx), \(result.dy)), expected (−1, 3)\(why)")
                }
            }),
        ])
    }
}

import GradLab

extension Exercise {
    /// Exercise 33: the gradient routed to each window's maximum; a tie is a kink.
    static let maxPoolingBackward = Exercise(
        id: "max-pooling-backward", title: "Max pooling's backward pass: the gradient to the maximum, and ties",
        file: "exercises/33-max-pooling-backward/MaxPoolingBackward.swift",
        book: "Saitoh 7.3, 7.4.4; TF notes §8.2", minutes: 20,
        hints: [
            "Start from var dx = Tensor.zeros(like: x). For each n, oy, ox and c, find where the window's maximum is: loop over ky and kx and remember the position (iy, ix) of the largest x[n, iy, ix, c] so far, with iy = oy * stride + ky.",
            "Begin with the window's first pixel as the best, and replace it only when a value is strictly larger (>, not >=): at a tie the first stays.",
            "dx[n, bestY, bestX, c] += dout[n, oy, ox, c], with += because a pixel may be the maximum of two overlapping windows.",
        ],
        solution: "Sources/GradLab/Layers/Convolution/MaxPooling2D.swift: MaxPooling2D.choices and MaxPooling2D.backward",
        check: { checkMaxPooling { try myMaxPoolingBackward(dout: $0, x: $1, poolSize: $2, stride: $3) } },
        checkReference: { checkMaxPooling { dout, x, poolSize, stride in
            var layer = MaxPooling2D(poolSize: poolSize, stride: stride)
            _ = layer.forward(x)
            return layer.backward(dout)
        } },
        wrongAnswers: [
            WrongAnswer("dout to every pixel of the window") {
                checkMaxPooling { pooledGradient($0, $1, poolSize: $2, stride: $3, how: .everyPixel) }
            },
            WrongAnswer("assigned, not added, where windows overlap") {
                checkMaxPooling { pooledGradient($0, $1, poolSize: $2, stride: $3, how: .assigned) }
            },
            WrongAnswer("at a tie, all of dout to every tied maximum") {
                checkMaxPooling { pooledGradient($0, $1, poolSize: $2, stride: $3, how: .everyTie) }
            },
            WrongAnswer("at a tie, the last maximum (>= instead of >)") {
                checkMaxPooling { pooledGradient($0, $1, poolSize: $2, stride: $3, how: .lastTie) }
            },
        ])

    /// dout, x, pool size, stride in; dx out.
    typealias MaxPoolingBackwardFunction = @Sendable (Tensor, Tensor, Int, Int) throws -> Tensor

    /// How a gradient is routed through a window: right (`first`), or a student's mistake.
    enum Routing: Sendable {
        case first, lastTie, everyTie, everyPixel, assigned
    }

    /// Max pooling's backward written out here, routed as `how` says.
    static func pooledGradient(_ dout: Tensor, _ x: Tensor, poolSize: Int, stride: Int, how: Routing) -> Tensor {
        var dx = Tensor.zeros(like: x)
        for n in 0..<dout.shape[0] {
            for oy in 0..<dout.shape[1] {
                for ox in 0..<dout.shape[2] {
                    for c in 0..<dout.shape[3] {
                        let window = (0..<poolSize).flatMap { ky in (0..<poolSize).map { kx in (oy * stride + ky, ox * stride + kx) } }
                        let largest = window.map { x[n, $0.0, $0.1, c] }.max()!
                        let tied = window.filter { x[n, $0.0, $0.1, c] == largest }
                        let targets = switch how {
                        case .first, .assigned: [tied.first!]
                        case .lastTie: [tied.last!]
                        case .everyTie: tied
                        case .everyPixel: window
                        }
                        for (iy, ix) in targets {
                            dx[n, iy, ix, c] = (how == .assigned ? 0 : dx[n, iy, ix, c]) + dout[n, oy, ox, c]
                        }
                    }
                }
            }
        }
        return dx
    }

    /// The forward pass is the library's; the backward, a student's.
    struct StudentMaxPooling: Layer {
        let poolSize: Int, stride: Int
        let backwardFunction: MaxPoolingBackwardFunction
        private var input: Tensor?

        init(poolSize: Int, stride: Int, backward: @escaping MaxPoolingBackwardFunction) {
            (self.poolSize, self.stride, backwardFunction) = (poolSize, stride, backward)
        }

        mutating func forward(_ x: Tensor) -> Tensor {
            input = x
            var pool = MaxPooling2D(poolSize: poolSize, stride: stride)
            return pool.forward(x)
        }

        mutating func backward(_ dout: Tensor) -> Tensor {
            guard let x = input else { preconditionFailure("backward called before forward") }
            // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
            return (try? backwardFunction(dout, x, poolSize, stride)) ?? Tensor(shape: x.shape, repeating: .nan)
        }
    }

    /// A 2×4 image of one channel, two 2×2 windows: the first's maximum 3 twice, the second's
    /// maximum 2 three times.
    static let tiedImage = Tensor(shape: [1, 2, 4, 1], scalars: [1, 3, 2, 2,
                                                                 3, 0, 1, 2])

    /// Random images through checkLayer (2×2 side by side, with a row and a column left over;
    /// 3×3 stepping by 2, overlapping), then the ties against the library.
    static func checkMaxPooling(_ implementation: @escaping MaxPoolingBackwardFunction) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 33)
        let x = Tensor.randomNormal(shape: [2, 7, 7, 2], using: &generator)
        var texts: [String] = []
        for (poolSize, stride) in [(2, 2), (3, 2)] {
            var pool = MaxPooling2D(poolSize: poolSize, stride: stride)
            let dout = Tensor.randomNormal(shape: pool.forward(x).shape, using: &generator)
            let what = "\(poolSize)×\(poolSize) windows, stride \(stride), on x [2, 7, 7, 2]"
            let outcome = attempt({ try implementation(dout, x, poolSize, stride) }) { dx -> ExerciseOutcome in
                guard dx.shape == x.shape else { return .failed("\(what): dx has shape \(dx.shape), want x's \(x.shape)") }
                let judged = judge(checkLayer(StudentMaxPooling(poolSize: poolSize, stride: stride, backward: implementation),
                                              input: x, seed: UInt64(34 + poolSize)))
                guard case .passed(let text) = judged else {
                    let want = pool.backward(dout)
                    var why = diagnoseAll([("dx", dx, want)])
                    if (pooledGradient(dout, x, poolSize: poolSize, stride: stride, how: .assigned) - dx).norm <= 1e-12 * want.norm {
                        why = "; dx: where two windows share their maximum, yours keeps only the second window's dout: add (+=), do not assign"
                    } else if (pooledGradient(dout, x, poolSize: poolSize, stride: stride, how: .everyPixel) - dx).norm <= 1e-12 * want.norm {
                        why = "; dx: yours sends dout to every pixel of the window; only the maximum reached the output, so only it gets a gradient"
                    }
                    return .failed("\(what): \(judged.detail)\(why)")
                }
                return .passed("\(what): \(text)")
            }
            guard case .passed(let text) = outcome else { return outcome }
            texts.append(text)
        }
        return attempt({ try implementation(Tensor(shape: [1, 1, 2, 1], scalars: [5, 7]), tiedImage, 2, 2) }) { dx in
            let dout = Tensor(shape: [1, 1, 2, 1], scalars: [5, 7])
            var pool = MaxPooling2D(poolSize: 2)
            _ = pool.forward(tiedImage)
            let want = pool.backward(dout)
            // What central differences see at the ties: half, on each side of the kink.
            let numerical = GradLab.numericalGradient(of: summed(against: dout) { image in
                var copy = MaxPooling2D(poolSize: 2)
                return copy.forward(image)
            }, at: tiedImage)
            func list(_ values: [Double]) -> String { "[" + values.map(rounded).joined(separator: ", ") + "]" }
            let tiesSeen = "central differences give each tied maximum half of its window's dout, \(list(numerical.scalars)) "
                + "(\(rounded(numerical.sum())) in all for 5 + 7 = 12): a kink, where no derivative exists"
            guard dx.shape == tiedImage.shape, dx != want else {
                return .passed(texts.joined(separator: "; ") + "; at the ties of [[1, 3, 2, 2], [3, 0, 1, 2]] yours sends all of dout "
                               + "to the first maximum, as MaxPooling2D does; \(tiesSeen)")
            }
            let sums = [dx[0, 0, 0, 0] + dx[0, 0, 1, 0] + dx[0, 1, 0, 0] + dx[0, 1, 1, 0], dx[0, 0, 2, 0] + dx[0, 0, 3, 0] + dx[0, 1, 2, 0] + dx[0, 1, 3, 0]]
            var why = "at the ties of x = [[1, 3, 2, 2], [3, 0, 1, 2]] (2×2 windows, dout [5, 7]) yours is "
                + "\(list(dx.scalars)), want \(list(want.scalars)): "
            if sums != [5, 7] {
                why += "each window's dx should add up to its dout, yours add up to \(list(sums)); a tie still sends dout once, to one maximum"
            } else {
                why += "dout went to a later maximum; send it to the first (row by row), replacing the best only when a value is strictly larger"
            }
            return .failed(why + "; \(tiesSeen)")
        }
    }
}

import Foundation
import GradLab

extension Exercise {
    /// Exercise 26: inverted dropout's mask, its backward through the same mask, and inference.
    static let dropoutBackward = Exercise(
        id: "dropout-backward", title: "Inverted dropout: the mask, the backward pass through it, and inference",
        file: "exercises/26-dropout-backward/DropoutBackward.swift",
        book: "Saitoh 6.4.3; TF notes §7.4", minutes: 15,
        hints: [
            "The mask is a function of each draw alone: uniforms.map { u in u >= rate ? 1 / (1 - rate) : 0 }.",
            "y = x · mask is linear in x, with slope mask: backward multiplies dout by the same mask, scaling included (a dropped unit's gradient is 0, a kept one's is dout / (1 − p)).",
            "Inverted dropout already scaled in training, so that E[mask] = (1 − p) · 1/(1 − p) = 1: in inference, return x as it is.",
        ],
        solution: "Sources/GradLab/Layers/Regularization/Dropout.swift: Dropout.nextMask, Dropout.forward(_:mode:) and Dropout.backward",
        check: {
            checkDropout(mask: { uniforms, rate, _ in try myDropoutMask(uniforms: uniforms, rate: rate) },
                         backward: { dout, mask, _, _ in try myDropoutBackward(dout: dout, mask: mask) },
                         inference: { try myDropoutInference($0, rate: $1) })
        },
        checkReference: { checkDropout(mask: referenceDropoutMask, backward: referenceDropoutBackward, inference: referenceDropoutInference) },
        wrongAnswers: [
            WrongAnswer("the kept units not scaled: a mask of 0s and 1s") {
                checkDropout(mask: { uniforms, rate, _ in uniforms.map { $0 >= rate ? 1 : 0 } },
                             backward: referenceDropoutBackward, inference: referenceDropoutInference)
            },
            WrongAnswer("kept the units whose draw is below p") {
                checkDropout(mask: { uniforms, rate, _ in uniforms.map { $0 < rate ? 1 / (1 - rate) : 0 } },
                             backward: referenceDropoutBackward, inference: referenceDropoutInference)
            },
            WrongAnswer("dout passed back unmasked") {
                checkDropout(mask: referenceDropoutMask, backward: { dout, _, _, _ in dout }, inference: referenceDropoutInference)
            },
            WrongAnswer("backward masked but not scaled: dout where kept") {
                checkDropout(mask: referenceDropoutMask, backward: { dout, mask, _, _ in dout * mask.map { $0 > 0 ? 1 : 0 } },
                             inference: referenceDropoutInference)
            },
            WrongAnswer("a fresh mask drawn in backward") {
                checkDropout(mask: referenceDropoutMask, backward: { dout, _, rate, seed in
                    dout * libraryDropoutMask(shape: dout.shape, rate: rate, seed: seed + 1)
                }, inference: referenceDropoutInference)
            },
            WrongAnswer("x · (1 − p) in inference, the book's rule") {
                checkDropout(mask: referenceDropoutMask, backward: referenceDropoutBackward, inference: { x, rate in x * (1 - rate) })
            },
        ])

    /// The mask from uniform draws; the seed of the generator that drew them comes along, for the library.
    typealias DropoutMaskFunction = (_ uniforms: Tensor, _ rate: Double, _ seed: UInt64) throws -> Tensor
    /// dx from dout and the mask; the rate and the seed of the mask's draws come along, for the library.
    typealias DropoutBackwardFunction = @Sendable (_ dout: Tensor, _ mask: Tensor, _ rate: Double, _ seed: UInt64) throws -> Tensor

    /// The library's mask: its Dropout layer, seeded as the draws were, run forward on ones.
    static let referenceDropoutMask: @Sendable (Tensor, Double, UInt64) -> Tensor = { uniforms, rate, seed in
        libraryDropoutMask(shape: uniforms.shape, rate: rate, seed: seed)
    }

    /// The mask the library's Dropout(rate:seed:) draws first: its forward pass on ones.
    static func libraryDropoutMask(shape: [Int], rate: Double, seed: UInt64) -> Tensor {
        var layer = Dropout(rate: rate, seed: seed)
        return layer.forward(Tensor(shape: shape, repeating: 1))
    }

    /// The library's backward: its Dropout layer, seeded as the mask was, forward then backward.
    static let referenceDropoutBackward: DropoutBackwardFunction = { dout, _, rate, seed in
        var layer = Dropout(rate: rate, seed: seed)
        _ = layer.forward(Tensor(shape: dout.shape, repeating: 1))
        return layer.backward(dout)
    }

    /// The library's Dropout in inference.
    static let referenceDropoutInference: @Sendable (Tensor, Double) -> Tensor = { x, rate in
        var layer = Dropout(rate: rate, seed: 0)
        return layer.forward(x, mode: .inference)
    }

    /// p in the check: 0.3, so that 1/(1 − p) = 1.43, 1 − p = 0.7 and p tell apart.
    static let dropoutRate = 0.3

    /// `count` uniform draws from SplitMix64(seed), in the order the library's Dropout draws them.
    static func uniformDraws(shape: [Int], seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        return Tensor(shape: shape, scalars: (0 ..< shape.reduce(1, *)).map { _ in generator.nextUniform() })
    }

    /// A dropout layer whose mask is the library's (seeded) and whose backward is a student's.
    struct StudentDropout: Layer {
        let rate: Double, seed: UInt64
        let backwardFunction: DropoutBackwardFunction
        private var mask: Tensor?

        init(rate: Double, seed: UInt64, backward: @escaping DropoutBackwardFunction) {
            self.rate = rate
            self.seed = seed
            backwardFunction = backward
        }

        mutating func forward(_ x: Tensor) -> Tensor {
            let drawn = libraryDropoutMask(shape: x.shape, rate: rate, seed: seed)
            mask = drawn
            return x * drawn
        }

        mutating func backward(_ dout: Tensor) -> Tensor {
            guard let mask else { preconditionFailure("backward called before forward") }
            do {
                return try backwardFunction(dout, mask, rate, seed)
            } catch {
                // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
                return Tensor(shape: dout.shape, repeating: .nan)
            }
        }
    }

    /// What a wrong mask gets wrong: the scale of the kept units, or which units it keeps.
    static func dropoutMaskDiagnosis(yours: Tensor, expected: Tensor, uniforms: Tensor, rate p: Double) -> String {
        let pairs = Array(zip(yours.scalars, expected.scalars))
        let keptRight = pairs.allSatisfy { ($0.0 == 0) == ($0.1 == 0) }
        let keptValues = Set(pairs.filter { $0.1 != 0 }.map(\.0))
        if keptRight, keptValues.count == 1, let value = keptValues.first {
            let why = abs(value - 1) < 1e-12 ? ": inverted dropout scales the kept units in training, so that E[mask] = 1"
                : abs(value - (1 - p)) < 1e-12 ? ": 1 − p is the book's factor for inference; inverted dropout scales by 1/(1 − p) in training"
                : ""
            return "the right units are dropped, but the kept ones are \(rounded(value)), not 1/(1 − p) = \(rounded(1 / (1 - p)))\(why)"
        }
        if pairs.allSatisfy({ ($0.0 == 0) != ($0.1 == 0) }) {
            return "every unit you keep should be dropped and the other way round: a unit is dropped when its draw u < p, "
                + "so that a fraction p is dropped and 1 − p kept"
        }
        guard let index = pairs.indices.first(where: { abs(pairs[$0].0 - pairs[$0].1) > 1e-12 * abs(pairs[$0].1) }) else { return "" }
        return "at \(yours.multiIndex(ofFlatIndex: index)), with u = \(rounded(uniforms[flat: index])): yours is "
            + "\(pairs[index].0), the mask is \(pairs[index].1)"
    }

    /// What a wrong dx gets wrong, against the mask forward used.
    static func dropoutBackwardDiagnosis(dx: Tensor, numerical: Tensor, mask: Tensor, rate p: Double) -> String {
        let triples = zip(dx.scalars, zip(numerical.scalars, mask.scalars)).map { ($0, $1.0, $1.1) }
        let dropped = triples.filter { $0.2 == 0 }
        let zeroWhereKept = triples.filter { $0.2 != 0 && $0.0 == 0 }.count
        let nonzeroWhereDropped = dropped.filter { $0.0 != 0 }.count
        if zeroWhereKept == 0 && nonzeroWhereDropped == dropped.count && !dropped.isEmpty {
            return "; yours is not 0 at the \(dropped.count) dropped units: a dropped unit's output is 0 whatever its input, "
                + "so its gradient is 0: multiply dout by the mask"
        }
        if zeroWhereKept > 0 || nonzeroWhereDropped > 0 {
            return "; yours is 0 at \(zeroWhereKept) units the mask kept, and not 0 at \(nonzeroWhereDropped) it dropped: "
                + "backward must use the mask forward drew, not a new one"
        }
        let ratios = Set(triples.filter { $0.2 != 0 }.map { ($0.0 / $0.1 * 1e6).rounded() / 1e6 })
        if ratios.count == 1, let ratio = ratios.first, abs(ratio - (1 - p)) < 1e-6 {
            return "; on the kept units yours is 1 − p = \(rounded(1 - p)) times the numerical gradient: forward scaled them "
                + "by 1/(1 − p), so backward must too (multiply by the mask itself)"
        }
        return diagnoseAll([("dx", dx, numerical)])
    }

    static func checkDropout(mask: @escaping DropoutMaskFunction, backward: @escaping DropoutBackwardFunction,
                             inference: @escaping (Tensor, Double) throws -> Tensor) -> ExerciseOutcome {
        let p = dropoutRate, shape = [4, 5]
        var generator = SplitMix64(seed: 26)
        let x = Tensor.randomNormal(shape: shape, using: &generator)
        let g = Tensor.randomNormal(shape: shape, using: &generator)
        return checkParts([
            ("myDropoutMask", {
                let (seed, manySeed): (UInt64, UInt64) = (260, 261)
                let uniforms = uniformDraws(shape: shape, seed: seed), many = uniformDraws(shape: [100, 100], seed: manySeed)
                return attempt({ (try mask(uniforms, p, seed), try mask(many, p, manySeed)) }) { yours, yoursMany in
                    guard yours.shape == shape else { return .failed("the mask has shape \(yours.shape), the draws \(shape)") }
                    let expected = referenceDropoutMask(uniforms, p, seed)
                    guard zip(yours.scalars, expected.scalars).allSatisfy({ abs($0 - $1) <= 1e-12 * abs($1) }) else {
                        return .failed("p = \(p): " + dropoutMaskDiagnosis(yours: yours, expected: expected, uniforms: uniforms, rate: p))
                    }
                    let dropped = expected.scalars.filter { $0 == 0 }.count
                    return .passed("the mask agrees with the library's Dropout(rate: \(p)) on \(expected.count) units (\(dropped) dropped); "
                                   + "its mean over 10,000 draws is \(rounded(yoursMany.mean())): E[mask] = (1 − p) · 1/(1 − p) = 1")
                }
            }),
            ("myDropoutBackward", {
                let seed: UInt64 = 262
                let drawn = libraryDropoutMask(shape: shape, rate: p, seed: seed)
                return attempt({ try backward(g, drawn, p, seed) }) { dx in
                    guard dx.shape == shape else { return .failed("dx has shape \(dx.shape), x has \(shape)") }
                    let outcome = judge(checkLayer(StudentDropout(rate: p, seed: seed, backward: backward), input: x, seed: 263))
                    guard case .failed(let text) = outcome else { return outcome }
                    let numerical = GradLab.numericalGradient(of: summed(against: g) { $0 * drawn }, at: x)
                    return .failed(text + dropoutBackwardDiagnosis(dx: dx, numerical: numerical, mask: drawn, rate: p))
                }
            }),
            ("myDropoutInference", {
                attempt({ try inference(x, p) }) { y in
                    guard y.shape == shape else { return .failed("y has shape \(y.shape), x has \(shape)") }
                    if y == x { return .passed("inference passes x unchanged: with inverted dropout E[y] = x in training as in inference") }
                    let ratio = y[flat: 0] / x[flat: 0]
                    let why = (y - (1 - p) * x).norm <= 1e-12 * x.norm
                        ? ": x · (1 − p) is the book's rule, for a training mask of 0s and 1s; inverted dropout scaled by 1/(1 − p) in training already, so inference passes x unchanged"
                        : ""
                    return .failed("p = \(p): y[0, 0] is \(y[flat: 0]) for x[0, 0] = \(x[flat: 0]) (\(rounded(ratio)) times x)\(why)")
                }
            }),
        ])
    }
}

import GradLab

extension Exercise {
    /// Exercise 21: five planted bugs, each found from the checker's report.
    static let bugHunt = Exercise(
        id: "bug-hunt", title: "Bug hunt: name five backward bugs from the checker's report alone",
        file: "exercises/21-bug-hunt/BugHunt.swift",
        book: "Saitoh 5.7.3 (gradient check); Karpathy, \"Yes you should understand backprop\"", minutes: 30,
        hints: [
            "Start with what failed: dx, W or b? A shape message (\"has shape [5, 3], the parameter [3]\") says a lot on its own: 5 is the batch.",
            "Divide backprop by numerical, element by element. A constant ratio is a missing or extra factor (−1 is a sign; 5 is N here; 4 would be C). Zeros in the wrong places are a mask. A ratio that changes with y is a missing factor that depends on y.",
            "In A, backprop equals y exactly: σ′ = y(1 − y) lost its (1 − y). In C, backprop's rows are numerical's columns. In E, backprop is 5 × numerical everywhere.",
        ],
        solution: "the right backward passes are the library's layers, Sources/GradLab/Layers/ (Sigmoid, ReLU, Affine, SoftmaxWithLoss); "
            + "the planted bugs are in exercises/21-bug-hunt/Suspects.swift",
        check: { checkDiagnoses { try myDiagnosis(of: $0) } },
        checkReference: { checkDiagnoses { $0.plantedBug } },
        wrongAnswers: [
            WrongAnswer("the two Affine bugs swapped") {
                checkDiagnoses { suspect in
                    switch suspect {
                    case .c: .unsummedBiasGradient
                    case .d: .transposedWeightGradient
                    default: suspect.plantedBug
                    }
                }
            },
            WrongAnswer("a missing 1/N read as dividing by C") {
                checkDiagnoses { $0 == .e ? .dividedByClasses : $0.plantedBug }
            },
            WrongAnswer("an inverted mask read as a wrong sign") {
                checkDiagnoses { $0 == .b ? .wrongSign : $0.plantedBug }
            },
        ],
        evidence: { Suspect.allCases.map(report).joined(separator: "\n\n") })

    static func checkDiagnoses(_ diagnose: (Suspect) throws -> BackwardBug) -> ExerciseOutcome {
        var right: [Suspect] = [], wrong: [(Suspect, BackwardBug)] = [], open: [Suspect] = []
        for suspect in Suspect.allCases {
            do {
                let bug = try diagnose(suspect)
                if bug == suspect.plantedBug { right.append(suspect) } else { wrong.append((suspect, bug)) }
            } catch is NotImplemented {
                open.append(suspect)
            } catch {
                return .failed("threw \(error)")
            }
        }
        if right.isEmpty && wrong.isEmpty { return .notStarted }
        let names: ([Suspect]) -> String = { $0.map { $0.rawValue.uppercased() }.joined(separator: ", ") }
        if wrong.isEmpty && open.isEmpty {
            return .passed("all five found: A lost the (1 − y), B's mask is inverted, C's dW is transposed, "
                           + "D's db is not summed over the batch, E forgot the 1/N")
        }
        var parts: [String] = []
        if !right.isEmpty { parts.append("right: \(names(right))") }
        if !wrong.isEmpty {
            parts.append("not that: " + wrong.map { "\($0.0.rawValue.uppercased()) is not .\($0.1.rawValue)" }.joined(separator: ", "))
        }
        if !open.isEmpty { parts.append("still to name: \(names(open))") }
        if wrong.isEmpty {
            return .inProgress("\(right.count)/\(Suspect.allCases.count) suspects: " + parts.joined(separator: "; "))
        }
        return .failed(parts.joined(separator: "; ") + ". `swift run gradlab check bug-hunt` prints every suspect's report")
    }

    /// What the checker says about one suspect: `checkLayer`'s problems, then a few elements of
    /// backprop against the numerical gradient, with dout = 1.
    static func report(_ suspect: Suspect) -> String {
        let (layer, input) = suspect.layer
        var lines = ["Suspect \(suspect.rawValue.uppercased()): \(suspect.description)"]
        let check = checkLayer(layer, input: input, seed: 7)
        lines += check.problems.map { "  checker: " + $0 }

        var probe = layer
        let output = probe.forward(input)
        let dx = probe.backward(Tensor(shape: output.shape, repeating: 1))
        let numericalDx = GradLab.numericalGradient(of: { x in
            var copy = layer
            return copy.forward(x).sum()
        }, at: input)
        switch suspect {
        case .a, .b:
            lines.append("  with dout = 1, element by element:")
            lines.append("    " + ["x", "y", "backprop dx", "numerical dx"].map(column).joined())
            for i in 0..<4 {
                lines.append("    " + [input[flat: i], output[flat: i], dx[flat: i], numericalDx[flat: i]].map { column(rounded($0)) }.joined())
            }
        case .c, .d:
            let gradients = probe.gradients
            for (index, parameter) in layer.parameters.enumerated() {
                let numerical = GradLab.numericalGradient(of: { value in
                    var copy = layer
                    var parameters = copy.parameters
                    parameters[index].value = value
                    copy.parameters = parameters
                    return copy.forward(input).sum()
                }, at: parameter.value)
                let backprop = gradients[index].value
                lines.append("  d\(parameter.name) with dout = 1: backprop has shape \(backprop.shape), numerical \(numerical.shape)")
                if parameter.name == "W" {
                    lines.append("    backprop dW:" + String(repeating: " ", count: 33) + "numerical dW:")
                    for row in 0..<numerical.shape[0] {
                        let mine = backprop.shape == numerical.shape
                            ? backprop.row(row).scalars.map { column(rounded($0), width: 11) }.joined() : ""
                        lines.append("    " + mine.padding(toLength: 46, withPad: " ", startingAt: 0)
                                     + numerical.row(row).scalars.map { column(rounded($0), width: 11) }.joined())
                    }
                }
            }
        case .e:
            lines.append("  with dout = 1, the first two samples:")
            for row in 0..<2 {
                lines.append("    backprop  " + dx.row(row).scalars.map { column(rounded($0)) }.joined())
                lines.append("    numerical " + numericalDx.row(row).scalars.map { column(rounded($0)) }.joined())
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Text right-aligned in a column.
    static func column(_ text: String) -> String { column(text, width: 14) }

    static func column(_ text: String, width: Int) -> String {
        String(repeating: " ", count: Swift.max(1, width - text.count)) + text
    }
}

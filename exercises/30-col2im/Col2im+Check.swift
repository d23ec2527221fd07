import GradLab

extension Exercise {
    /// Exercise 30: col2im, im2col's transpose, the backward pass of the unrolling.
    static let col2imExercise = Exercise(
        id: "col2im", title: "col2im: the windows' numbers added back to the pixels they came from",
        file: "exercises/30-col2im/Col2im.swift",
        book: "Saitoh 7.4.3 (col2im in common/util.py); Saitoh 5.3 (add nodes)", minutes: 15,
        hints: [
            "The same loops as your im2col (oy, ox, ky, kx, c, and the test for the padding), with the assignment turned round: the image receives, the matrix gives.",
            "Start from var image = Tensor.zeros([height, width, channels]). A pixel in several windows must get the sum of their entries: +=, not =.",
            "image[y, x, c] += columns[oy * outWidth + ox, (ky * kernelWidth + kx) * channels + c], for y and x inside the image.",
        ],
        solution: "Sources/GradLab/Layers/Convolution/Im2Col.swift: col2im",
        check: { checkCol2im { columns, shape, window in
            try myCol2im(columns, height: shape[0], width: shape[1], channels: shape[2], kernelHeight: window.kernelHeight,
                         kernelWidth: window.kernelWidth, stride: window.stride, pad: window.pad)
        } },
        checkReference: { checkCol2im { columns, shape, window in
            col2im(columns, window.geometry(for: .zeros(shape)), batch: 1).squeezed(axes: [0])
        } },
        wrongAnswers: [
            WrongAnswer("assigned, not added: a pixel keeps only its last window's entry") {
                checkCol2im { columns, shape, window in folded(columns, shape, window, how: .assigned) }
            },
            WrongAnswer("averaged over the windows that cover each pixel") {
                checkCol2im { columns, shape, window in folded(columns, shape, window, how: .averaged) }
            },
            WrongAnswer("channels first in each row (the book's NCHW order)") {
                checkCol2im { columns, shape, window in folded(columns, shape, window, how: .added, mistake: .channelsFirst) }
            },
        ])

    /// How entries that came from the same pixel are combined.
    enum Folding: Sendable {
        case added, assigned, averaged
    }

    /// col2im written out here: the right way (`added`), or one of the students' mistakes.
    static func folded(_ columns: Tensor, _ shape: [Int], _ window: Window, how: Folding,
                       mistake: WindowMistake? = nil) -> Tensor {
        var image = Tensor.zeros(shape), counts = Tensor.zeros(shape)
        forEachWindowEntry(height: shape[0], width: shape[1], channels: shape[2], window, mistake: mistake) { row, column, y, x, c in
            image[y, x, c] = (how == .assigned ? 0 : image[y, x, c]) + columns[row, column]
            counts[y, x, c] += 1
        }
        guard how == .averaged else { return image }
        return Tensor(shape: shape, scalars: zip(image.scalars, counts.scalars).map { $1 > 0 ? $0 / $1 : 0 })
    }

    /// Runs `implementation` on a random matrix for each window of exercise 29 and compares it
    /// with the library's col2im.
    static func checkCol2im(_ implementation: @escaping (Tensor, [Int], Window) throws -> Tensor) -> ExerciseOutcome {
        let inputs = windowCases.indices.map { index in
            let (shape, window) = windowCases[index]
            let (outHeight, outWidth) = window.outputSize(height: shape[0], width: shape[1])
            var generator = SplitMix64(seed: UInt64(300 + index))
            return Tensor.randomNormal(shape: [outHeight * outWidth, window.kernelHeight * window.kernelWidth * shape[2]], using: &generator)
        }
        return attempt({ try windowCases.indices.map { try implementation(inputs[$0], windowCases[$0].shape, windowCases[$0].window) } }) { results in
            for (index, yours) in results.enumerated() {
                let (shape, window) = windowCases[index]
                let want = col2im(inputs[index], window.geometry(for: .zeros(shape)), batch: 1).squeezed(axes: [0])
                let what = "image \(shape.map(String.init).joined(separator: "×")), \(window)"
                guard yours.shape == want.shape else {
                    return .failed("\(what): yours has shape \(yours.shape), want the image's shape \(want.shape)")
                }
                guard (yours - want).norm > 1e-12 * want.norm else { continue }
                let close: (Tensor) -> Bool = { ($0 - yours).norm <= 1e-12 * want.norm }
                if close(folded(inputs[index], shape, window, how: .assigned)) {
                    return .failed("\(what): yours keeps only the last window's entry at each pixel; a pixel copied into k windows "
                                   + "was used k times, so its gradient is the sum of the k entries: +=, not =")
                }
                if close(folded(inputs[index], shape, window, how: .averaged)) {
                    return .failed("\(what): yours averages the entries of each pixel, which undoes im2col on im2col's own output "
                                   + "(an inverse); the backward pass needs the transpose, the sum, as for any value used several times")
                }
                for mistake in WindowMistake.allCases where close(folded(inputs[index], shape, window, how: .added, mistake: mistake)) {
                    return .failed("\(what): " + mistake.explanation)
                }
                let worst = (0..<yours.count).max { abs(yours[flat: $0] - want[flat: $0]) < abs(yours[flat: $1] - want[flat: $1]) }!
                return .failed("\(what): the largest difference is at pixel \(yours.multiIndex(ofFlatIndex: worst)): "
                               + "yours \(rounded(yours[flat: worst])), want \(rounded(want[flat: worst]))")
            }
            // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩: the transpose's defining property, on the last case.
            let (shape, window) = windowCases[2]
            var generator = SplitMix64(seed: 309)
            let x = Tensor.randomNormal(shape: shape, using: &generator)
            let left = (im2col(x.expandingDimensions(at: 0), window.geometry(for: x)) * inputs[2]).sum()
            let right = (x * results[2]).sum()
            return .passed("equal to the library's col2im on \(results.count) images; ⟨im2col(x), c⟩ = \(rounded(left)) "
                           + "and ⟨x, col2im(c)⟩ = \(rounded(right)) agree to \(rounded(abs(left - right))): col2im is im2col's transpose")
        }
    }
}

import GradLab
@testable import GradLabExercises
import Testing

/// The convolution exercises (29 to 33): the loops their checks write out to recognise mistakes
/// are, without a mistake, the library's im2col, col2im, Conv2D and MaxPooling2D; a starter
/// that throws is not started and one that returns zeros fails. (Every check's reference
/// solution and known-wrong answers are run in ExerciseTests; the teachers' guide test holds the
/// checkers' messages.)
@Suite("Convolution exercises")
struct ConvolutionExerciseTests {
    static let ids = ["im2col", "col2im", "convolution-forward", "convolution-backward", "max-pooling-backward"]

    /// In the order of the chapter: the unrolling and its way back, then the layer forward and
    /// backward, then pooling; after the deep-network exercises.
    @Test func theyComeInTheChaptersOrder() throws {
        let all = ExerciseCatalog.all.map(\.id)
        let first = try #require(all.firstIndex(of: "im2col"))
        #expect(first > (all.firstIndex(of: "clip-by-global-norm") ?? all.count))
        #expect(Array(all[first ..< Swift.min(first + Self.ids.count, all.count)]) == Self.ids)
    }

    /// The check's unrolling and folding, without a mistake, are the library's im2col and col2im;
    /// each mistake changes at least one case, so the diagnosis can tell it apart.
    @Test func theWindowLoopsAreTheLibrarys() {
        for index in Exercise.windowCases.indices {
            let (_, window) = Exercise.windowCases[index]
            let image = Exercise.windowCaseImage(index)
            let geometry = window.geometry(for: image)
            let columns = im2col(image.expandingDimensions(at: 0), geometry)
            #expect(Exercise.unrolled(image, window, mistake: nil) == columns)
            #expect(Exercise.folded(columns, image.shape, window, how: .added) == col2im(columns, geometry, batch: 1).squeezed(axes: [0]))
        }
        for mistake in Exercise.WindowMistake.allCases {
            let changes = Exercise.windowCases.indices.contains { index in
                let image = Exercise.windowCaseImage(index), window = Exercise.windowCases[index].window
                return Exercise.unrolled(image, window, mistake: mistake) != Exercise.unrolled(image, window, mistake: nil)
            }
            #expect(changes, "\(mistake) is never seen by the im2col check")
        }
    }

    /// The picture of exercise 29's instructions: row 0 of the 4×4 image's windows is a b c e f g i j k.
    @Test func thePictureOfTheInstructions() {
        let columns = Exercise.unrolled(Exercise.windowCaseImage(0), Exercise.windowCases[0].window, mistake: nil)
        #expect(columns.shape == [4, 9])
        #expect((0..<9).map { columns[0, $0] } == [1, 2, 3, 5, 6, 7, 9, 10, 11])
        #expect((0..<9).map { columns[3, $0] } == [6, 7, 8, 10, 11, 12, 14, 15, 16])
    }

    /// The check's convolution loops are Conv2D's forward pass, and its backward loops Conv2D's
    /// backward pass, on every setting of the two checks.
    @Test func theConvolutionLoopsAreConv2Ds() {
        for index in Exercise.convolutionCases.indices {
            let (x, weight, bias) = Exercise.convolutionInputs(index)
            let (stride, pad) = (Exercise.convolutionCases[index].stride, Exercise.convolutionCases[index].pad)
            var layer = Conv2D(weight: weight, bias: bias, stride: stride, padding: .explicit(pad))
            let y = layer.forward(x)
            let ours = Exercise.convolved(x, weight, bias, stride: stride, pad: pad, mistake: nil)
            #expect((ours - y).norm <= 1e-14 * y.norm)
            var generator = SplitMix64(seed: UInt64(index))
            let dout = Tensor.randomNormal(shape: y.shape, using: &generator)
            let dx = layer.backward(dout)
            let gradients = Exercise.convolutionGradients(dout, x, weight, stride: stride, pad: pad, mistake: nil)
            #expect((gradients.dx - dx).norm <= 1e-14 * dx.norm)
            #expect((gradients.dW - layer.weightGradient!).norm <= 1e-14 * layer.weightGradient!.norm)
            #expect((gradients.db - layer.biasGradient!).norm <= 1e-14 * layer.biasGradient!.norm)
        }
    }

    /// Routing to the first maximum is MaxPooling2D's backward, windows overlapping or not, and
    /// the overlapping case has a pixel that is the maximum of two windows (so that assigning
    /// instead of adding is seen).
    @Test func routingToTheFirstMaximumIsMaxPooling2Ds() {
        var generator = SplitMix64(seed: 5)
        let x = Tensor.randomNormal(shape: [2, 7, 7, 2], using: &generator)
        for (size, stride) in [(2, 2), (3, 2)] {
            var pool = MaxPooling2D(poolSize: size, stride: stride)
            let dout = Tensor.randomNormal(shape: pool.forward(x).shape, using: &generator)
            #expect(Exercise.pooledGradient(dout, x, poolSize: size, stride: stride, how: .first) == pool.backward(dout))
        }
        var overlapping = MaxPooling2D(poolSize: 3, stride: 2)
        let ones = Tensor(shape: overlapping.forward(x).shape, repeating: 1)
        #expect(overlapping.backward(ones).scalars.contains(2), "no pixel is the maximum of two windows")
        // The tied image: MaxPooling2D sends each window's dout to its first maximum.
        var tied = MaxPooling2D(poolSize: 2)
        _ = tied.forward(Exercise.tiedImage)
        #expect(tied.backward(Tensor(shape: [1, 1, 2, 1], scalars: [5, 7])).scalars == [0, 5, 7, 0, 0, 0, 0, 0])
    }

    /// A starter as written (it throws NotImplemented) is not started; one that returns zeros
    /// of the right shapes fails.
    @Test func aStarterIsNotStartedAndZerosFail() {
        #expect(Exercise.checkIm2col { _, _ in throw NotImplemented() } == .notStarted)
        #expect(Exercise.checkCol2im { _, _, _ in throw NotImplemented() } == .notStarted)
        #expect(Exercise.checkConvolutionForward { _, _, _, _, _ in throw NotImplemented() } == .notStarted)
        #expect(Exercise.checkConvolutionBackward { _, _, _, _, _ in throw NotImplemented() } == .notStarted)
        #expect(Exercise.checkMaxPooling { _, _, _, _ in throw NotImplemented() } == .notStarted)
        let outcomes: [ExerciseOutcome] = [
            Exercise.checkIm2col { image, window in .zeros(Exercise.unrolled(image, window, mistake: nil).shape) },
            Exercise.checkCol2im { _, shape, _ in .zeros(shape) },
            Exercise.checkConvolutionForward { x, weight, bias, stride, pad in
                .zeros(Exercise.convolved(x, weight, bias, stride: stride, pad: pad, mistake: nil).shape)
            },
            Exercise.checkConvolutionBackward { _, x, weight, _, _ in (.zeros(like: x), .zeros(like: weight), .zeros([weight.shape[3]])) },
            Exercise.checkMaxPooling { _, x, _, _ in .zeros(like: x) },
        ]
        for (id, outcome) in zip(Self.ids, outcomes) {
            guard case .failed = outcome else {
                Issue.record("\(id): zeros were not caught: \(outcome)")
                continue
            }
        }
    }
}

// The autoencoder's parts: PCA by power iteration, the encoder/decoder split, and the study.

import Foundation
import GradLab
import GradLabData
import Testing

@Suite("Autoencoders: PCA by power iteration, encoder and decoder, the study")
struct AutoencoderTests {
    /// A rotation of the plane by θ in coordinates (i, j) of an n-dimensional space.
    static func rotation(_ n: Int, _ i: Int, _ j: Int, _ theta: Double) -> Tensor {
        var scalars = (0..<(n * n)).map { $0 % (n + 1) == 0 ? 1.0 : 0.0 }
        scalars[i * n + i] = cos(theta); scalars[j * n + j] = cos(theta)
        scalars[i * n + j] = -sin(theta); scalars[j * n + i] = sin(theta)
        return Tensor(shape: [n, n], scalars: scalars)
    }

    @Test func powerIterationFindsAKnownEigenDecomposition() {
        // C = Q diag(λ) Qᵀ, Q two rotations: its eigenvectors are Q's columns, its eigenvalues λ.
        let lambdas = [5.0, 3.0, 1.5, 0.5]
        let q = Self.rotation(4, 0, 2, 0.7).matmul(Self.rotation(4, 1, 3, -0.4))
        let diagonal = Tensor(shape: [4, 4], scalars: (0..<16).map { $0 % 5 == 0 ? lambdas[$0 / 5] : 0 })
        let covariance = Tensor.matmul(q.matmul(diagonal), q, transposeB: true)
        let pca = PrincipalComponents(mean: Tensor([0, 0, 0, 0]), covariance: covariance, count: 3)
        for k in 0..<3 {
            #expect(abs(pca.variances[k] - lambdas[k]) <= 1e-9, "λ\(k + 1)")
            // An eigenvector's sign is arbitrary: compare |cos|.
            let column = (0..<4).map { q[$0, k] }
            let cosine = zip(column, pca.components.row(k).scalars).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(abs(cosine) - 1) <= 1e-9, "v\(k + 1)")
        }
        #expect(abs(pca.totalVariance - 10) <= 1e-12)
        #expect(abs(pca.explainedVariance - 9.5 / 10) <= 1e-9)
    }

    @Test func samplesOnAPlaneAreRebuiltExactlyByTwoComponents() {
        // Points m + a·u + b·w: two numbers say everything, so PCA-2 loses nothing and PCA-1 does.
        let (u, w, m) = ([1.0, 2, 0, -1, 1], [0.0, 1, 1, 1, -2], [0.5, 0.1, 0.2, 0.3, 0.9])
        var generator = SplitMix64(seed: 1)
        let rows = (0..<40).flatMap { _ -> [Double] in
            let (a, b) = (generator.nextStandardNormal(), generator.nextStandardNormal())
            return (0..<5).map { m[$0] + a * u[$0] + b * w[$0] }
        }
        let samples = Tensor(shape: [40, 5], scalars: rows)
        let two = PrincipalComponents(fitting: samples, count: 2)
        let rebuilt = two.reconstruct(samples)
        #expect(zip(rebuilt.scalars, samples.scalars).allSatisfy { abs($0 - $1) <= 1e-9 })
        #expect(two.encode(samples).shape == [40, 2])
        let one = PrincipalComponents(fitting: samples, count: 1).reconstruct(samples)
        #expect(zip(one.scalars, samples.scalars).contains { abs($0 - $1) > 0.1 })
    }

    @Test func fittingAnImageSetInChunksEqualsFittingItsTensor() throws {
        let images = try rowImages(count: 50, seed: 2)
        let whole = PrincipalComponents(fitting: images.images(at: Array(0..<50)), count: 3, seed: 4)
        let chunked = PrincipalComponents(fitting: images, count: 3, seed: 4, chunkSize: 7)
        expectClose(chunked.mean, whole.mean, tolerance: 1e-12)
        for k in 0..<3 { #expect(abs(chunked.variances[k] - whole.variances[k]) <= 1e-10) }
    }

    @Test func theAutoencoderKnowsItsCodeAndChecksItsDecoder() throws {
        let autoencoder = try Autoencoder(encoder: "affine 6, relu, affine 2", decoder: "affine 6, relu, affine 16", imageSize: 16)
        #expect(autoencoder.codeSize == 2 && autoencoder.encoderLayerCount == 3 && autoencoder.shrinks)
        #expect(autoencoder.network.layers.count == 6)
        let x = try rowImages(count: 5, seed: 1).images(at: Array(0..<5))
        // The code is what the first three layers make of x.
        var layers = Array(autoencoder.network.layers[..<3])
        var code = x
        for i in layers.indices { code = layers[i].forward(code, mode: .inference) }
        #expect(autoencoder.encode(x) == code)
        #expect(autoencoder.reconstruct(x).scalars.allSatisfy { $0 > 0 && $0 < 1 }, "σ of the scores: pixels")

        #expect(throws: NetworkSpecificationError.self) {
            try Autoencoder(encoder: "affine 4", decoder: "affine 10", imageSize: 16)
        }
        do {
            _ = try Autoencoder(encoder: "affine 4", decoder: "affine 8, relu, affine 10", imageSize: 16)
        } catch {
            #expect(error.description.contains("ends with 10 outputs; it must end with 16"))
        }
        #expect(try !Autoencoder(encoder: "affine 16", decoder: "affine 16", imageSize: 16).shrinks)
    }

    @Test func theLossOfPixelsIsTheAutoencodersLossOnTheirLogits() {
        let p = Tensor([[0.2, 0.9], [0.5, 0.0]]), t = Tensor([[0, 1], [0.5, 0.25]])
        let mse = AutoencoderStudy.loss(ofPixels: p, t, like: MeanSquaredErrorLoss())
        #expect(abs(mse - (0.04 + 0.01 + 0 + 0.0625) / 4) <= 1e-15)
        // Binary cross-entropy by its first formula, with p = 0 kept at ε = 10⁻³.
        let kept = [0.2, 0.9, 0.5, 1e-3]
        let expected = zip(kept, t.scalars).reduce(0) { $0 - ($1.1 * log($1.0) + (1 - $1.1) * log(1 - $1.0)) } / 4
        #expect(abs(AutoencoderStudy.loss(ofPixels: p, t, like: SigmoidWithBinaryCrossEntropy()) - expected) <= 1e-12)
    }

    @Test func theStudyTrainsMeasuresAndComparesWithPCA() throws {
        let training = try rowImages(count: 200, seed: 1), test = try rowImages(count: 60, seed: 2)
        let autoencoder = try Autoencoder(encoder: "affine 8, relu, affine 2", decoder: "affine 8, relu, affine 16", imageSize: 16, seed: 3)
        let configuration = TrainingConfiguration(iterations: 40, batchSize: 20, optimizer: .adam, learningRate: 0.01, sampling: .shuffle, seed: 4)
        let study = try AutoencoderStudy(autoencoder, trainingSet: training, testSet: test, configuration: configuration,
                                         noise: 0.1, pictureCount: 4)
        #expect(study.epochs.map(\.epoch) == [1, 2, 3, 4])
        #expect(study.epochs.last!.testLoss < study.epochs.first!.testLoss)
        // The epoch's train loss is the mean of its ten steps' losses.
        let first = study.history.losses[0..<10].reduce(0, +) / 10
        #expect(abs(study.epochs[0].trainLoss - first) <= 1e-12)
        // The final measure is the last epoch's test loss (same inputs, same noise).
        #expect(abs(study.measure.loss - study.epochs.last!.testLoss) <= 1e-12)
        #expect(study.baseline!.components.variances.count == 2)
        #expect(study.pictures.clean.shape == [4, 16] && study.pictures.noisy!.shape == [4, 16])
        #expect(study.pictures.reconstructions.shape == [4, 16] && study.pictures.baseline!.shape == [4, 16])
        #expect(study.codes!.codes.shape == [60, 2] && study.codes!.labels == test.labels.map(Int.init))
        // The pixel error of PCA, replayed: its reconstructions of the noisy test images, clipped.
        let batch = Batch(test, indices: Array(0..<60), target: .inputs(noise: 0.1), noiseSeed: configuration.validationNoiseSeed)
        let rebuilt = study.baseline!.components.reconstruct(batch.x).map { min(max($0, 0), 1) }
        let error = zip(rebuilt.scalars, batch.t.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(rebuilt.count)
        #expect(abs(study.baseline!.measure.pixelError - error) <= 1e-12)
    }
}

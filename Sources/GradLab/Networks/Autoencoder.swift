/// A network trained to output its own input through a narrow middle: an encoder that squeezes
/// each image into a short code, and a decoder that rebuilds the image from the code.
///
/// ```
/// x (784) → encoder → code (20) → decoder → x̂ (784)        loss(x̂, x): the target is the input
/// ```
///
/// It is one `Sequential` (encoder's layers, then decoder's), trained like any other with the
/// target `TrainingTarget.inputs`; this type remembers where the encoder ends, so the codes can
/// be read out. The seeds' network (TensorFlow notes §10) is ``seedsEncoder`` and ``seedsDecoder``.
public struct Autoencoder: Sendable {
    /// The whole network, encoder then decoder, with its loss layer.
    public var network: Sequential
    /// The encoder's description, e.g. "affine 256, relu, affine 128, relu, affine 20".
    public let encoder: String
    /// The decoder's description, ending with one output per pixel.
    public let decoder: String
    /// How many of `network.layers` are the encoder's.
    public let encoderLayerCount: Int
    /// The numbers in one code: the encoder's output width.
    public let codeSize: Int
    /// The numbers in one image (784 for MNIST): the input width and the decoder's output width.
    public let imageSize: Int

    /// The seeds' encoder: 784 → 256 → 128 → 20.
    public static let seedsEncoder = "affine 256, relu, affine 128, relu, affine 20"
    /// The seeds' decoder: 20 → 128 → 256 → 784 (the sigmoid is in the loss layer).
    public static let seedsDecoder = "affine 128, relu, affine 256, relu, affine 784"

    /// Builds the encoder and decoder from their descriptions, weights drawn in order from one
    /// generator (so the encoder's are those `Sequential(specification:)` would draw for it).
    ///
    /// - Throws: `NetworkSpecificationError` for a description that does not parse, an encoder
    ///   whose code is not a flat vector, or a decoder that does not end with `imageSize` outputs.
    public init(encoder: String, decoder: String, imageSize: Int, loss: LossKind = .binaryCrossEntropy,
                kinds: [LayerKind] = LayerKind.standard, initialization: WeightInitialization = .he,
                seed: UInt64 = 42) throws(NetworkSpecificationError) {
        let (encoderLayers, codeShape) = try Sequential.stack(specification: encoder, inputShape: [imageSize], kinds: kinds,
                                                              initialization: initialization, seed: seed)
        guard codeShape.count == 1 else {
            throw NetworkSpecificationError(description: "encoder '\(encoder)' outputs codes of shape \(codeShape); a code must be a flat vector, e.g. end it with 'affine 20'")
        }
        let (_, imageShape) = try Sequential.stack(specification: decoder, inputShape: codeShape, kinds: kinds,
                                                   initialization: initialization, seed: seed)
        guard imageShape == [imageSize] else {
            throw NetworkSpecificationError(description: "decoder '\(decoder)' ends with \(imageShape.count == 1 ? "\(imageShape[0]) outputs" : "outputs of shape \(imageShape)"); it must end with \(imageSize), one per pixel of the image it rebuilds, e.g. '…, affine \(imageSize)'")
        }
        network = try Sequential(specification: encoder + ", " + decoder, inputShape: [imageSize], outputSize: imageSize,
                                 kinds: kinds, initialization: initialization, seed: seed, loss: loss)
        self.encoder = encoder
        self.decoder = decoder
        encoderLayerCount = encoderLayers.count
        codeSize = codeShape[0]
        self.imageSize = imageSize
    }

    /// Whether the code is shorter than the image. An autoencoder whose code is as wide as the
    /// image can learn to copy it, and learns nothing about the images.
    public var shrinks: Bool { codeSize < imageSize }

    /// The codes of a batch of images [N, imageSize] → [N, codeSize], in inference.
    public func encode(_ x: Tensor) -> Tensor {
        Sequential(Array(network.layers[..<encoderLayerCount])).scores(x)
    }

    /// The reconstructions of a batch, as pixels: σ(scores) with binary cross-entropy, the
    /// scores themselves with mean squared error.
    public func reconstruct(_ x: Tensor) -> Tensor {
        network.predict(x)
    }
}

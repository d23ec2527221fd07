import GradLab
import GradLabReports

/// What a convolutional network's first layer learned, in pictures (the book's figures 7-24 and
/// 7-25): its filters before and after training, and the maps they make of one test image.
enum ConvolutionPictures {
    /// The pictures, or nil when the network has no convolution at its top level.
    ///
    /// - Parameters:
    ///   - untrained: the network before training.
    ///   - trained: the same network after.
    ///   - image: one test image, a flat row [1, 784].
    ///   - label: its digit.
    static func make(untrained: Sequential, trained: Sequential, image: Tensor, label: Int)
        -> [(file: String, picture: GrayscaleImage, caption: String)]? {
        guard let index = trained.layers.firstIndex(where: { $0 is Conv2D }),
              let before = untrained.layers[index] as? Conv2D, let after = trained.layers[index] as? Conv2D else { return nil }
        let (height, width, channels, filters) = (after.weight.shape[0], after.weight.shape[1], after.weight.shape[2], after.filters)
        let columns = Swift.min(filters, 10)
        // Each filter's first channel (MNIST has one), enlarged to about 40 pixels, black its
        // most negative weight and white its most positive.
        func filterSheet(_ layer: Conv2D) -> GrayscaleImage {
            let tiles = (0..<filters).map { f in
                GrayscaleImage(width: width, height: height,
                               values: (0..<(height * width)).map { layer.weight[flat: ($0 * channels) * filters + f] })
                    .scaled(by: Swift.max(1, 40 / Swift.max(height, width)))
            }
            return GrayscaleImage.grid(tiles, columns: columns)
        }
        // The image through the layers up to the first convolution, in inference.
        let maps = Sequential(Array(trained.layers[...index])).scores(trained.samples(image))
        let (mapHeight, mapWidth) = (maps.shape[1], maps.shape[2])
        let mapTiles = (0..<filters).map { f in
            GrayscaleImage(width: mapWidth, height: mapHeight, values: (0..<(mapHeight * mapWidth)).map { maps[flat: $0 * filters + f] })
                .scaled(by: Swift.max(1, 72 / Swift.max(mapHeight, mapWidth)))
        }
        let side = Int(Double(image.count).squareRoot())
        let input = GrayscaleImage(width: side, height: image.count / side, values: image.scalars).scaled(by: 4)
        let layer = "layer \(index + 1), \(filters) filters of \(height)×\(width)"
        return [
            ("filters-before.png", filterSheet(before), "The first convolution's filters before training (\(layer)): random weights, no pattern."),
            ("filters-after.png", filterSheet(after), "The same filters after training (black: the most negative weight, white: the most positive); the book's figure 7-24 shows trained filters turning into edge and blob detectors."),
            ("test-image.png", input, "Test image 0, a \(label)."),
            ("feature-maps.png", GrayscaleImage.grid(mapTiles, columns: columns),
             "What each filter makes of it: the first convolution's \(filters) feature maps of \(mapHeight)×\(mapWidth) (before the activation), each scaled from its darkest to its brightest value."),
        ]
    }
}

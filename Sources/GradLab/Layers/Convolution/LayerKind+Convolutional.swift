extension LayerKind {
    /// Layers on images [height, width, channels]: `conv F KxK [stride S] [valid|same|pad P]`,
    /// `maxpool P [stride S]`, `avgpool P [stride S]`, `flatten`, `global-avgpool`.
    /// The most filters `conv F …` takes: 100,000 feature maps of one 28 × 28 image are already
    /// 600 MB; larger counts are typing mistakes.
    public static let largestFilterCount = 100_000

    /// The largest kernel side, pool size, stride and padding the image layers take.
    public static let largestWindowSize = 1000

    public static let convolutional: [LayerKind] = [
        LayerKind(name: "conv", usage: "conv F KxK [stride S] [valid|same|pad P]",
                  help: "F filters of K×K sliding over the image (Conv2D)", takes: .images) { arguments, context throws(NetworkSpecificationError) in
            let (filters, kernel, options) = try arguments.convolution()
            let (height, width, channels) = try arguments.image(context.inputShape)
            let geometry = try arguments.geometry(height, width, channels, kernel: kernel, options: options)
            guard geometry.dividesEvenly else {
                throw NetworkSpecificationError(description: "network: '\(arguments.text)': \(kernel.height)×\(kernel.width) windows stepping by \(options.stride) "
                    + "do not cover the \(height)×\(width) input (padding \(options.padding)) exactly: its last rows or columns would be "
                    + "ignored; use 'same', another stride, or padding ('pad P')")
            }
            return Conv2D(filters: filters, kernelHeight: kernel.height, kernelWidth: kernel.width, channels: channels,
                          stride: options.stride, padding: options.padding, initialization: context.initialization,
                          using: &context.generator)
        },
        LayerKind(name: "maxpool", usage: "maxpool P [stride S]", help: "the largest value of each P×P window (MaxPooling2D)",
                  takes: .images) { arguments, context throws(NetworkSpecificationError) in
            let (size, stride) = try arguments.pooling(context.inputShape)
            return MaxPooling2D(poolSize: size, stride: stride)
        },
        LayerKind(name: "avgpool", usage: "avgpool P [stride S]", help: "the mean of each P×P window (AveragePooling2D)",
                  takes: .images) { arguments, context throws(NetworkSpecificationError) in
            let (size, stride) = try arguments.pooling(context.inputShape)
            return AveragePooling2D(poolSize: size, stride: stride)
        },
        LayerKind(name: "flatten", usage: "flatten", help: "each sample's numbers in one row, images to features") { arguments, _ throws(NetworkSpecificationError) in
            try arguments.noArguments()
            return Flatten()
        },
        LayerKind(name: "global-avgpool", usage: "global-avgpool", help: "the mean of each channel over the image (GlobalAveragePooling2D)",
                  takes: .images) { arguments, context throws(NetworkSpecificationError) in
            try arguments.noArguments()
            _ = try arguments.image(context.inputShape)
            return GlobalAveragePooling2D()
        },
    ]
}

extension LayerArguments {
    /// A window's stride and padding, as typed after its size.
    struct WindowOptions {
        var stride = 1
        var padding = Padding.valid
    }

    /// `conv F KxK [stride S] [valid|same|pad P]`: the filters, the kernel, and the options.
    func convolution() throws(NetworkSpecificationError) -> (filters: Int, kernel: (height: Int, width: Int), options: WindowOptions) {
        let example = "e.g. 'conv 30 5x5' or 'conv 32 3x3 stride 1 same'"
        let most = LayerKind.largestFilterCount, window = LayerKind.largestWindowSize
        guard words.count >= 2, let filters = Int(words[0]), (1...most).contains(filters) else {
            throw NetworkSpecificationError(description: "network: '\(text)' needs a number of filters from 1 to \(most) and a kernel size, \(example) (\(usage))")
        }
        let sizes = words[1].lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(sizes.count), let height = sizes[0], let width = sizes.last!,
              (1...window).contains(height), (1...window).contains(width) else {
            throw NetworkSpecificationError(description: "network: '\(text)': the kernel '\(words[1])' is not a size like 5x5 or 3 (1 to \(window)), \(example)")
        }
        return (filters, (height, width), try windowOptions(Array(words.dropFirst(2)), allowsPadding: true))
    }

    /// `maxpool P [stride S]`: the pool size and stride (the pool size by default), checked
    /// against the input images.
    func pooling(_ inputShape: [Int]) throws(NetworkSpecificationError) -> (size: Int, stride: Int) {
        let most = LayerKind.largestWindowSize
        guard let first = words.first, let size = Int(first), (1...most).contains(size) else {
            throw NetworkSpecificationError(description: "network: '\(text)' needs a pool size from 1 to \(most), e.g. '\(name) 2' (\(usage))")
        }
        var options = try windowOptions(Array(words.dropFirst()), allowsPadding: false)
        if !words.dropFirst().contains("stride") { options.stride = size }
        let (height, width, channels) = try image(inputShape)
        _ = try geometry(height, width, channels, kernel: (size, size), options: options)
        return (size, options.stride)
    }

    /// `stride S`, and for convolutions `valid`, `same` or `pad P`, in any order.
    private func windowOptions(_ words: [String], allowsPadding: Bool) throws(NetworkSpecificationError) -> WindowOptions {
        var options = WindowOptions()
        var index = 0
        func number(after keyword: String) throws(NetworkSpecificationError) -> Int {
            guard index + 1 < words.count, let value = Int(words[index + 1]) else {
                throw NetworkSpecificationError(description: "network: '\(text)': '\(keyword)' needs a whole number after it (\(usage))")
            }
            index += 2
            return value
        }
        while index < words.count {
            switch words[index].lowercased() {
            case "stride":
                options.stride = try number(after: "stride")
                guard options.stride >= 1 && options.stride <= LayerKind.largestWindowSize else {
                    throw NetworkSpecificationError(description: "network: '\(text)': the stride must be from 1 to \(LayerKind.largestWindowSize), got \(options.stride)")
                }
            case "pad" where allowsPadding:
                let amount = try number(after: "pad")
                guard (0...LayerKind.largestWindowSize).contains(amount) else {
                    throw NetworkSpecificationError(description: "network: '\(text)': 'pad' must be from 0 to \(LayerKind.largestWindowSize), got \(amount)")
                }
                options.padding = .explicit(amount)
            case "same" where allowsPadding:
                options.padding = .same
                index += 1
            case "valid" where allowsPadding:
                options.padding = .valid
                index += 1
            default:
                throw NetworkSpecificationError(description: "network: '\(text)': '\(words[index])' is not understood (\(usage))")
            }
        }
        return options
    }

    /// The input as an image, height × width × channels.
    func image(_ inputShape: [Int]) throws(NetworkSpecificationError) -> (height: Int, width: Int, channels: Int) {
        guard inputShape.count == 3 else {
            let what = inputShape.count == 1 ? "flat rows of \(inputShape[0])" : "shape \(inputShape)"
            throw NetworkSpecificationError(description: "network: '\(text)' takes images [height, width, channels], but it is given \(what)"
                                            + (inputShape.count == 1 ? " (a layer on images after 'flatten' or 'affine'?)" : ""))
        }
        return (inputShape[0], inputShape[1], inputShape[2])
    }

    /// The window's geometry on the input, or the reason it does not fit.
    func geometry(_ height: Int, _ width: Int, _ channels: Int, kernel: (height: Int, width: Int),
                  options: WindowOptions) throws(NetworkSpecificationError) -> ConvolutionGeometry {
        do {
            return try ConvolutionGeometry(inputHeight: height, inputWidth: width, channels: channels, kernelHeight: kernel.height,
                                           kernelWidth: kernel.width, stride: options.stride, padding: options.padding)
        } catch {
            throw NetworkSpecificationError(description: "network: '\(text)' on \(height)×\(width)×\(channels) images: \(error.description)")
        }
    }
}

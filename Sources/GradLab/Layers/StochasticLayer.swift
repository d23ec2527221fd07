/// A layer that draws random numbers while it trains (Dropout's masks), from a generator of
/// its own.
///
/// The generator is part of what a training run must keep to continue exactly: a checkpoint
/// saves `generator.state` (64 bits) beside the weights, and a resumed run puts it back, so the
/// next mask is the one the uninterrupted run would have drawn. ``Sequential/generators`` reads
/// and writes every such layer's generator in order, inner layers of containers (`Residual`)
/// included. A layer of your own that draws in training conforms too, or a resumed run would
/// repeat its masks from the start.
public protocol StochasticLayer: Layer {
    /// The generator the layer draws from; it moves on with every training forward pass.
    var generator: SplitMix64 { get set }
}

extension Sequential {
    /// The generator of every ``StochasticLayer`` (Dropout), in the order of the layers, those
    /// inside containers (`Residual`) in their place: what a checkpoint keeps besides the
    /// tensors.
    ///
    /// - Precondition (set): as many generators as the network has stochastic layers.
    public var generators: [SplitMix64] {
        get { layers.generators }
        set {
            precondition(newValue.count == layers.generators.count,
                         "Sequential.generators: the network has \(layers.generators.count) stochastic layers, given \(newValue.count) generators")
            var remaining = newValue[...]
            layers.replaceGenerators(from: &remaining)
        }
    }
}

extension Array where Element == any Layer {
    /// Every stochastic layer's generator, depth first.
    var generators: [SplitMix64] {
        flatMap { layer -> [SplitMix64] in
            if let stochastic = layer as? any StochasticLayer { return [stochastic.generator] }
            if let container = layer as? any ContainerLayer { return container.layers.generators }
            return []
        }
    }

    /// Gives each stochastic layer, depth first, the next of `generators`.
    mutating func replaceGenerators(from generators: inout ArraySlice<SplitMix64>) {
        for i in indices {
            if var stochastic = self[i] as? any StochasticLayer {
                stochastic.generator = generators.removeFirst()
                self[i] = stochastic
            } else if var container = self[i] as? any ContainerLayer {
                container.layers.replaceGenerators(from: &generators)
                self[i] = container
            }
        }
    }
}

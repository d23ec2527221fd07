extension LayerKind {
    /// Layers on images [height, width, channels]: none yet.
    public static let convolutional: [LayerKind] = []
}

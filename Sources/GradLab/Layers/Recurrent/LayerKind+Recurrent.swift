extension LayerKind {
    /// Layers on sequences [time steps, features]: none yet.
    public static let recurrent: [LayerKind] = []
}

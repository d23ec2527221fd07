import GradLab
import GradLabExercises

/// The layer names `--network` understands: the library's, then those registered in
/// exercises/22-your-layer/YourOwnLayer.swift (`myLayerKinds`).
enum LayerCatalog {
    /// Every kind, the library's first; a student's kind may not reuse a library name.
    static var all: [LayerKind] {
        LayerKind.standard + myLayerKinds.filter { kind in !LayerKind.standard.contains { $0.name == kind.name } }
    }

    /// One line listing the names, for help texts.
    static var names: String { (all.map(\.usage) + ["residual(…)"]).joined(separator: ", ") }
}

import Foundation

/// Where the MNIST files shipped with GradLab are.
///
/// The four original `.gz` files are resources of this target, so `swift run` and `swift test`
/// find them wherever the package is built; nothing is downloaded.
public enum MNISTData {
    /// The folder holding `train-images-idx3-ubyte.gz` and the three other files.
    public static var directory: URL {
        Bundle.module.resourceURL!
    }
}

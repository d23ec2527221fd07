// swift-tools-version:6.0
//
// GradLab: a pure-Swift lab for learning how neural networks get their gradients.
// No package dependencies: the standard library, Foundation, Dispatch and Swift Testing only.

import PackageDescription

// The matrix kernel relies on fused multiply-add. The default x86-64 target has no FMA, so
// `addingProduct` would become a library call per lane (about 50x slower). x86-64-v3 (Haswell,
// 2013, and every later Intel or AMD laptop) has AVX2 and FMA. ARM64 always has FMA.
#if arch(x86_64)
let numericSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let numericSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "GradLab",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GradLab", targets: ["GradLab"]),
        .executable(name: "gradlab", targets: ["gradlab"]),
    ],
    targets: [
        // MARK: Library: tensors, calculus, layers, networks, checking, data, training, reporting.
        .target(
            name: "GradLab",
            swiftSettings: numericSettings
        ),

        // MARK: Data: the original MNIST files, shipped so that nothing is ever downloaded.
        .target(
            name: "MNISTData",
            exclude: ["mnist/README.md"],
            resources: [.copy("mnist/train-images-idx3-ubyte.gz"),
                        .copy("mnist/train-labels-idx1-ubyte.gz"),
                        .copy("mnist/t10k-images-idx3-ubyte.gz"),
                        .copy("mnist/t10k-labels-idx1-ubyte.gz")]
        ),

        // MARK: Exercises: students' starter code, checked against the numerical gradient.
        .target(
            name: "GradLabExercises",
            dependencies: ["GradLab"],
            path: "exercises",
            exclude: ["README.md"]
        ),

        // MARK: Command-line runner: argument parsing and commands (a library, so tests can run
        // them), and the thin `gradlab` executable.
        .target(
            name: "GradLabCommands",
            dependencies: ["GradLab", "MNISTData", "GradLabExercises"],
            swiftSettings: numericSettings
        ),
        .executableTarget(
            name: "gradlab",
            dependencies: ["GradLabCommands"]
        ),

        // MARK: Tests (Swift Testing), mirroring Sources/.
        .testTarget(
            name: "GradLabTests",
            dependencies: ["GradLab", "MNISTData"],
            swiftSettings: numericSettings
        ),
        .testTarget(
            name: "GradLabCommandsTests",
            dependencies: ["GradLabCommands", "GradLab", "GradLabExercises"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.0
//
// GradLab: a pure-Swift lab for learning how neural networks get their gradients.
// No package dependencies: the standard library, Foundation, Dispatch and Swift Testing only.

import Foundation
import PackageDescription

// GradLab is built from source on the machine that runs it, so the numeric targets are compiled
// for that machine's CPU, as C programmers write -march=native. On x86-64 this matters twice:
// the default target has no fused multiply-add (each `addingProduct` would be a library call,
// about 50x slower), and CPUs with AVX-512 have twice the vector width and registers, which the
// matrix kernel uses for a bigger register tile when GRADLAB_AVX512 is defined. Linux lists the
// CPU's features in /proc/cpuinfo; elsewhere (Intel Macs) the kernel keeps its AVX2 tile.
// ARM64 always has fused multiply-add, and its default target is already the native one.
#if arch(x86_64)
let cpuHasAVX512 = FileManager.default.contents(atPath: "/proc/cpuinfo")
    .map { String(decoding: $0, as: UTF8.self).contains(" avx512f") } ?? false
let numericSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]
    + (cpuHasAVX512 ? [.define("GRADLAB_AVX512")] : [])
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

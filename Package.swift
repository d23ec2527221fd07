// swift-tools-version:6.0
//
// GradLab: a pure-Swift lab for learning how neural networks get their gradients.
// No package dependencies: the standard library, Foundation, Dispatch, Synchronization and Swift Testing only.

import Foundation
import PackageDescription

// GradLab is built from source on the machine that runs it, so the numeric targets are compiled
// for that machine's CPU, as C programmers write -march=native. On x86-64 this matters twice:
// the default target has no fused multiply-add (each `addingProduct` would be a library call,
// about 50x slower), and CPUs with AVX-512 have twice the vector width and registers, which the
// matrix kernel uses for a bigger register tile when GRADLAB_AVX512 is defined. Linux lists the
// CPU's features in /proc/cpuinfo; elsewhere (Intel Macs) the kernel keeps its AVX2 tile.
// ARM64 always has fused multiply-add, and its default target is already the native one.
//
// Every numeric target is also optimised across modules: the fast paths call the kernels'
// generic products, which run at full speed only when specialised for their callers.
var numericSettings: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"])]
#if arch(x86_64)
let cpuHasAVX512 = FileManager.default.contents(atPath: "/proc/cpuinfo")
    .map { String(decoding: $0, as: UTF8.self).contains(" avx512f") } ?? false
numericSettings += [.unsafeFlags(["-target-cpu", "native"])] + (cpuHasAVX512 ? [.define("GRADLAB_AVX512")] : [])
#endif

// The kernels and fast paths are optimised in debug builds too: nobody steps through a register
// tile, and the test suite (a debug build) trains on MNIST through them.
let hotSettings = numericSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "GradLab",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GradLab", targets: ["GradLab"]),
        .library(name: "GradLabFastPaths", targets: ["GradLabFastPaths"]),
        .library(name: "GradLabData", targets: ["GradLabData", "MNISTData"]),
        .library(name: "GradLabSwiftAutodiff", targets: ["GradLabSwiftAutodiff"]),
        .executable(name: "gradlab", targets: ["gradlab"]),
    ],
    targets: [
        // MARK: Core: what a student reads, and what really trains. Tensors, calculus, functions,
        // the chain rule, layers, networks, checking, training. No pointers, SIMD or threads:
        // only Tensor's matrix product calls into the kernels.
        .target(
            name: "GradLab",
            dependencies: ["GradLabKernels", "GradLabData"],
            swiftSettings: numericSettings
        ),

        // MARK: Kernels: buffer-level hot code that knows nothing of networks (matrix kernel and
        // its register tiles, sparse products, vector exp, the worker pool).
        .target(
            name: "GradLabKernels",
            swiftSettings: hotSettings
        ),

        // MARK: Fast paths: accelerations of the two-layer network (fused backprop step, fast
        // evaluation, parallel and incremental numerical gradients), each implementing a core
        // protocol and tested equal to the readable code it replaces.
        .target(
            name: "GradLabFastPaths",
            dependencies: ["GradLab", "GradLabKernels", "GradLabData"],
            swiftSettings: hotSettings
        ),

        // MARK: Swift's own autodiff: the two-layer network's gradient by the compiler, where the
        // toolchain has `_Differentiation` (swift.org's Linux toolchains; Xcode's has not).
        .target(
            name: "GradLabSwiftAutodiff",
            dependencies: ["GradLab"]
        ),

        // MARK: Data: gzip (DEFLATE), CRC-32, IDX, MNIST; and the original MNIST files, shipped so
        // that nothing is ever downloaded. Knows nothing of networks.
        .target(
            name: "GradLabData"
        ),
        .target(
            name: "MNISTData",
            exclude: ["mnist/README.md"],
            resources: [.copy("mnist/train-images-idx3-ubyte.gz"),
                        .copy("mnist/train-labels-idx1-ubyte.gz"),
                        .copy("mnist/t10k-images-idx3-ubyte.gz"),
                        .copy("mnist/t10k-labels-idx1-ubyte.gz")]
        ),

        // MARK: Reports: CSV, SVG charts, PNG pictures, the HTML report, terminal charts. Knows nothing of
        // networks (CRC-32 for PNG comes from Data).
        .target(
            name: "GradLabReports",
            dependencies: ["GradLabData"]
        ),

        // MARK: Exercises: students' starter code, checked against the numerical gradient.
        .target(
            name: "GradLabExercises",
            dependencies: ["GradLab"],
            path: "exercises",
            exclude: ["README.md"],
            // Not optimised, even in release builds: a student saves these files often, and an
            // optimised rebuild of the whole module took 14 to 47 s after each change (even a file
            // restored unchanged), against a few seconds; the tensors they call are optimised in
            // GradLab.
            swiftSettings: [.unsafeFlags(["-Onone"], .when(configuration: .release))]
        ),

        // MARK: Command-line runner: argument parsing and commands (a library, so tests can run
        // them), and the thin `gradlab` executable.
        .target(
            name: "GradLabCommands",
            dependencies: ["GradLab", "GradLabFastPaths", "GradLabKernels", "GradLabData", "GradLabReports",
                           "GradLabSwiftAutodiff", "MNISTData", "GradLabExercises"],
            swiftSettings: numericSettings
        ),
        .executableTarget(
            name: "gradlab",
            dependencies: ["GradLabCommands"]
        ),

        // MARK: Your own experiments: `swift run scratch` runs Sources/scratch/main.swift, where
        // every `import GradLab` snippet of the docs runs.
        .executableTarget(
            name: "scratch",
            dependencies: ["GradLab", "GradLabData", "GradLabFastPaths", "MNISTData"]
        ),

        // MARK: Tests (Swift Testing), mirroring Sources/.
        .testTarget(
            name: "GradLabTests",
            dependencies: ["GradLab", "GradLabKernels", "GradLabFastPaths", "GradLabData", "GradLabReports",
                           "GradLabSwiftAutodiff", "MNISTData"],
            swiftSettings: numericSettings
        ),
        .testTarget(
            name: "GradLabCommandsTests",
            dependencies: ["GradLabCommands", "GradLab", "GradLabExercises"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

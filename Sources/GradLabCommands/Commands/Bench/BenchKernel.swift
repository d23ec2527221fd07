import GradLab
import GradLabKernels

extension BenchCommand {
    /// A kernel shape: op(A) is m×k, op(B) is k×n.
    struct Shape {
        /// "m x k x n", the name numpy's script uses too.
        var name: String
        /// The dimensions: op(A) is m×k, op(B) is k×n.
        var m: Int, k: Int, n: Int
        /// Whether A or B is used transposed.
        var transposeA = false, transposeB = false
        /// Where the network multiplies these shapes.
        var role: String
    }

    /// The network's shapes with batch 100, and a square reference.
    static let shapes = [
        Shape(name: "100x784x50", m: 100, k: 784, n: 50, role: "forward: x · W1 (dense inputs)"),
        Shape(name: "784x100x50", m: 784, k: 100, n: 50, transposeA: true, role: "backward: dW1 = xᵀ · da1 (dense inputs)"),
        Shape(name: "100x50x10", m: 100, k: 50, n: 10, role: "forward: z1 · W2"),
        Shape(name: "100x10x50", m: 100, k: 10, n: 50, transposeB: true, role: "backward: dz1 = ds · W2ᵀ"),
        Shape(name: "10000x784x50", m: 10_000, k: 784, n: 50, role: "evaluation: 10000 test images"),
        Shape(name: "1024x1024x1024", m: 1024, k: 1024, n: 1024, role: "square reference"),
    ]

    /// The register tile this build does not use, measured for comparison.
    static var otherTile: RegisterTile { RegisterTile.all.first { $0 != .native } ?? .native }

    /// One shape's kernel speeds.
    struct KernelResult {
        /// The shape measured.
        var shape: Shape
        /// All cores, this build's register tile: the number compared with numpy.
        var gflops: Double
        /// One core, this build's register tile.
        var oneThread: Double
        /// All cores, the other register tile.
        var otherTile: Double
    }

    /// GFLOP/s of every shape: on all cores, on one, and with the other register tile.
    static func measureKernel(seed: UInt64, blocks: Int, progress: (String) -> Void) -> [KernelResult] {
        var generator = SplitMix64(seed: seed)
        return shapes.map { shape in
            let a = (0..<(shape.m * shape.k)).map { _ in generator.nextUniform() - 0.5 }
            let b = (0..<(shape.k * shape.n)).map { _ in generator.nextUniform() - 0.5 }
            var c = [Double](repeating: 0, count: shape.m * shape.n)
            let flops = 2 * Double(shape.m * shape.n * shape.k)
            func gflops(tile: RegisterTile, threads: Int) -> Double {
                a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
                    let seconds = bestSecondsPerCall(blocks: blocks) {
                        MatrixKernel.multiply(a.baseAddress!, transposeA: shape.transposeA, b.baseAddress!, transposeB: shape.transposeB,
                                              into: c.baseAddress!, m: shape.m, n: shape.n, k: shape.k, accumulate: false,
                                              tile: tile, maxThreads: threads)
                    }
                    return flops / seconds / 1e9
                } } }
            }
            let result = KernelResult(shape: shape, gflops: gflops(tile: .native, threads: MatrixKernel.cores),
                                      oneThread: gflops(tile: .native, threads: 1),
                                      otherTile: gflops(tile: otherTile, threads: MatrixKernel.cores))
            progress("matmul \(shape.name): \(fixed(result.gflops, 1)) GFLOP/s (one thread \(fixed(result.oneThread, 1)), "
                     + "\(otherTile) tile \(fixed(result.otherTile, 1)))")
            return result
        }
    }

    /// The best average time of one call of `body`, over `blocks` blocks of calls of about
    /// `blockSeconds` (20 ms) each. Timing blocks rather than single calls is how the numpy
    /// script measures, so the two programs' numbers compare; a block averages away the clock's
    /// resolution for calls of a few microseconds, and the best block is the one least disturbed
    /// by the rest of the machine.
    static func bestSecondsPerCall(blocks: Int, blockSeconds: Double = 0.02, _ body: () -> Void) -> Double {
        body()  // warm the caches and wake the threads
        let (_, once) = Stopwatch.time(body)
        let calls = max(1, Int(blockSeconds / max(once, 1e-7)))
        var best = Double.infinity
        for _ in 0..<blocks {
            let (_, seconds) = Stopwatch.time { for _ in 0..<calls { body() } }
            best = min(best, seconds / Double(calls))
        }
        return best
    }
}

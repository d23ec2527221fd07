// Tests for the worker pool behind the matrix kernel's threads: every chunk runs exactly once,
// whether the helper is spinning, parked, or too late to take any chunk.

import Foundation
import Testing
import GradLab
import GradLabData
@testable import GradLabKernels
@testable import GradLabFastPaths

@Suite("WorkerPool")
struct WorkerPoolTests {
    /// Counts how often each chunk ran, from any thread.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int]
        init(_ chunks: Int) { counts = Array(repeating: 0, count: chunks) }
        func record(_ chunk: Int) { lock.withLock { counts[chunk] += 1 } }
        var allOnce: Bool { lock.withLock { counts.allSatisfy { $0 == 1 } } }
    }

    @Test("Every chunk runs exactly once, call after call", arguments: [0, 1, 2, 3, 17, 200])
    func everyChunkOnce(chunks: Int) {
        // 300 calls back to back: the helper is mostly still spinning, and with tiny chunks the
        // caller often finishes before it wakes (the cancelled path).
        for call in 0..<300 {
            let tally = Tally(chunks)
            parallelChunks(chunks, threads: max(2, MatrixKernel.cores)) { tally.record($0) }
            #expect(tally.allOnce, "call \(call)")
            if !tally.allOnce { return }
        }
    }

    @Test("A helper that has parked is woken for the next call")
    func afterParking() {
        // Sleeping well past the spin time makes the helper park on its semaphore.
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.002)
            let tally = Tally(64)
            parallelChunks(64, threads: 2) { chunk in
                // Long enough chunks that the woken helper gets some of them.
                var x = Double(chunk)
                for _ in 0..<20_000 { x = x * 0.999_999 + 1 }
                if x.isNaN { return }
                tally.record(chunk)
            }
            #expect(tally.allOnce)
        }
    }

    @Test("A chunk body that calls the pool again runs serially inside, without deadlock")
    func nestedCall() {
        let outer = Tally(4), inner = Tally(40)
        parallelChunks(4, threads: 2) { chunk in
            parallelChunks(10, threads: 2) { innerChunk in inner.record(chunk * 10 + innerChunk) }
            outer.record(chunk)
        }
        #expect(outer.allOnce)
        #expect(inner.allOnce)
    }
}

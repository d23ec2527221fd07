// WorkerPool.swift: a parallel loop whose helper threads answer within a microsecond or two.
//
// Why not `DispatchQueue.concurrentPerform`? It wakes a sleeping thread for every call, which
// costs 15–25 µs on the machines we measured. A 100×784·784×50 product takes about 80 µs on one
// core, so splitting it across two through Dispatch gains almost nothing. BLAS libraries keep
// their threads spinning for a short while after each call, so that the next call, usually
// microseconds later, finds them awake. This pool does the same: each helper spins on its own
// atomic state for `spinNanoseconds` after its last job, then parks on a semaphore until the
// next one.
//
// The protocol, per helper (its `state`):
//   idle ──caller posts──▶ posted ──helper claims──▶ running ──helper ends──▶ done ──caller──▶ idle
//   idle ──helper gives up spinning──▶ parked ──caller posts (and signals)──▶ posted
//   posted ──caller finished every chunk itself──▶ idle   (the helper never started: cancelled)
// The caller writes the job only while no helper can read it (idle or parked), and the
// releasing store of `posted` publishes it to the helper's acquiring load. Chunks are handed
// out by one shared counter, so a helper that wakes late simply finds fewer chunks left.

import Dispatch
import Foundation
import Synchronization

/// Runs `body(0..<chunks)` on the calling thread and the pool's helper threads, for loops too
/// short for Dispatch's thread wake-up (see the file comment). Falls back to a plain loop when
/// the pool is busy with another caller (no nesting, no oversubscription), and to
/// `DispatchQueue.concurrentPerform` on systems without the `Synchronization` module's atomics.
public func parallelChunks(_ chunks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    if chunks <= 1 || threads <= 1 {
        for chunk in 0..<chunks { body(chunk) }
        return
    }
    if #available(macOS 15, *) {
        WorkerPool.shared.run(chunks, helpers: threads - 1, body)
    } else {
        DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
    }
}

/// The helper threads behind ``parallelChunks(_:threads:_:)``: one per core beyond the first.
@available(macOS 15, *)
final class WorkerPool: @unchecked Sendable {
    /// The process's pool, started on first use.
    static let shared = WorkerPool(helpers: MatrixKernel.cores - 1)

    /// How long an idle helper spins before it parks: long enough to span the gap between the
    /// products of one training or benchmark step, short enough not to burn a core for nothing.
    static let spinNanoseconds: UInt64 = 200_000

    private enum State: Int {
        case idle, posted, running, done, parked
    }

    /// One helper thread's mailbox.
    private final class Helper: @unchecked Sendable {
        let state = Atomic<Int>(State.idle.rawValue)
        let wake = DispatchSemaphore(value: 0)
    }

    private let helpers: [Helper]
    /// Set while one caller owns the pool.
    private let busy = Atomic<Bool>(false)
    /// The next chunk to hand out.
    private let nextChunk = Atomic<Int>(0)
    /// The current job; written only while every helper is idle or parked.
    private var job: (@Sendable (Int) -> Void)?
    private var chunkCount = 0

    private init(helpers count: Int) {
        helpers = (0..<max(0, count)).map { _ in Helper() }
        for helper in helpers {
            let thread = Thread { [unowned self] in self.serve(helper) }
            thread.name = "GradLab worker"
            thread.start()
        }
    }

    /// Runs every chunk, on this thread and up to `helpers` helper threads, and returns when all
    /// are done.
    func run(_ chunks: Int, helpers wanted: Int, _ body: @Sendable (Int) -> Void) {
        let used = helpers.prefix(wanted)  // a slice: no allocation per call
        guard !used.isEmpty,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = body
            chunkCount = chunks
            nextChunk.store(0, ordering: .relaxed)
            for helper in used {
                let before = helper.state.exchange(State.posted.rawValue, ordering: .releasing)
                if before == State.parked.rawValue { helper.wake.signal() }
            }
            workThroughChunks()
            for helper in used {
                // A helper that has not claimed the job yet is cancelled; one that has is awaited.
                if helper.state.compareExchange(expected: State.posted.rawValue, desired: State.idle.rawValue,
                                                ordering: .acquiring).exchanged { continue }
                while helper.state.load(ordering: .acquiring) != State.done.rawValue {}
                helper.state.store(State.idle.rawValue, ordering: .relaxed)
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Takes chunks from the shared counter until none are left.
    private func workThroughChunks() {
        guard let job else { return }
        while true {
            let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if chunk >= chunkCount { return }
            job(chunk)
        }
    }

    /// A helper thread's life: spin for a job, run it, and park when no job has come for a while.
    private func serve(_ helper: Helper) {
        while true {
            var spinStart = DispatchTime.now().uptimeNanoseconds, spins = 0
            while true {
                let state = helper.state.load(ordering: .acquiring)
                if state == State.posted.rawValue,
                   helper.state.compareExchange(expected: State.posted.rawValue, desired: State.running.rawValue,
                                                ordering: .acquiring).exchanged {
                    break
                }
                spins += 1
                guard spins & 1023 == 0 else { continue }
                // Reading the clock costs ~20 ns; do it once every 1024 spins.
                if DispatchTime.now().uptimeNanoseconds - spinStart > Self.spinNanoseconds,
                   helper.state.compareExchange(expected: State.idle.rawValue, desired: State.parked.rawValue,
                                                ordering: .relaxed).exchanged {
                    helper.wake.wait()
                    spinStart = DispatchTime.now().uptimeNanoseconds
                }
            }
            workThroughChunks()
            helper.state.store(State.done.rawValue, ordering: .releasing)
        }
    }
}

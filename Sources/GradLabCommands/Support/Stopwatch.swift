import Dispatch

/// Wall-clock time from a monotonic clock, for the runner's measurements.
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds

    /// Seconds since the stopwatch was created.
    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Runs `body` once and returns its result and how long it took.
    static func time<R>(_ body: () throws -> R) rethrows -> (R, seconds: Double) {
        let watch = Stopwatch()
        let result = try body()
        return (result, watch.seconds)
    }
}

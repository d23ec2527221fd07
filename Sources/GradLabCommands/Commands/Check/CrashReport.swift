/// What a crash in a student's code says, read from the Swift runtime's report on standard
/// error: the library's message (with the shapes), the student's file and line from the
/// backtrace, and, where the message makes it obvious, what to look at.
///
/// A trap (a failed precondition such as `matmul: [4, 5] · [4, 3]: inner sizes differ (5 and
/// 4)`, an index out of range, a `fatalError`) ends the process it happens in, so `check` runs
/// each exercise in a child process and reads this from what the child left.
struct CrashReport: Equatable {
    /// The runtime's message, without the library's file and line: "matmul: [4, 5] · [4, 3]:
    /// inner sizes differ (5 and 4)", "Index out of range"; or, when it printed none, the
    /// signal in words.
    var message: String
    /// Where in the student's code, relative to the repository:
    /// `exercises/11-affine-backward/AffineBackward.swift:19`; `nil` when the backtrace shows no
    /// frame in an exercise (no backtrace at all, on some platforms).
    var place: String?
    /// The function that was running there, as the backtrace names it.
    var function: String?
    /// What the message suggests ("a transpose missing or extra?"), or `nil`.
    var suggestion: String?

    /// Reads the report of a process that died of signal `signal` after printing `errorOutput`.
    ///
    /// - Parameter studentFile: the exercise's starter, relative to the repository; a frame in
    ///   it is preferred over other frames under `exercises/` (checks and helpers are skipped).
    init(errorOutput: String, signal: Int32, studentFile: String) {
        let lines = errorOutput.split(separator: "\n").map(String.init)
        let markers = ["Precondition failed: ", "Fatal error: ", "Assertion failed: "]
        var message: String?
        for line in lines {
            guard let marker = markers.first(where: { line.contains($0) }),
                  let range = line.range(of: marker) else { continue }
            let text = String(line[range.upperBound...])
            message = text.isEmpty ? marker.dropLast(2).description : text
            break
        }
        self.message = message ?? Self.describe(signal: signal)
        let frames = lines.filter { $0.contains(" at /") && $0.contains("/exercises/") }
        let isHelper = { (frame: String) in frame.contains("+Check.swift") || frame.contains("/exercises/Support/") }
        let frame = frames.first { $0.contains("/" + studentFile + ":") } ?? frames.first { !isHelper($0) }
        if let frame, let at = frame.range(of: " at ", options: .backwards),
           let start = frame.range(of: "/exercises/", range: at.upperBound..<frame.endIndex) {
            // ".../exercises/11-affine-backward/AffineBackward.swift:19:16": keep file and line.
            let location = frame[frame.index(after: start.lowerBound)...].split(separator: ":")
            place = location.count >= 2 ? "\(location[0]):\(location[1])" : location.first.map(String.init)
            // "0x0000559ff1994887 myAffineBackward(dout:x:W:) + 262 in gradlab at …"
            if let plus = frame.range(of: " + "), let address = frame.range(of: " 0x") {
                let afterAddress = frame[address.upperBound...].drop { $0 != " " }.dropFirst()
                function = String(frame[afterAddress.startIndex..<plus.lowerBound])
            }
        }
        suggestion = Self.suggestion(for: self.message)
    }

    /// Creates a report from its parts.
    init(message: String, place: String?, function: String?, suggestion: String?) {
        self.message = message
        self.place = place
        self.function = function
        self.suggestion = suggestion
    }

    /// What a message about shapes or indices points to, or `nil` when it points to nothing
    /// in particular.
    static func suggestion(for message: String) -> String? {
        if message.contains("matmul") && message.contains("inner sizes differ") {
            return "The inner sizes of a matrix product must match (N×I · I×O): a transpose missing or extra?"
        }
        if message.contains("do not broadcast") || message.contains("does not broadcast") {
            return "Element by element, the shapes must be equal or one a row of the other: the wrong tensor, "
                + "or a transpose or a sum over the batch missing?"
        }
        if message.contains("Index out of range") {
            return "An index past the end: indices go from 0 to count − 1."
        }
        return nil
    }

    /// The signal's name and what usually raises it in a student's code.
    static func describe(signal: Int32) -> String {
        switch signal {
        case 4, 5: "the program trapped (signal \(signal)): a failed precondition or a run-time check"
        case 6: "the program aborted (signal 6)"
        case 8: "an arithmetic error (signal 8): a whole-number division by zero?"
        case 11, 10: "a memory error (signal \(signal)): a recursion that never ends?"
        default: "the program was killed by signal \(signal)"
        }
    }

    /// The lines `check` shows: what crashed, where, and the suggestion.
    var text: String {
        var lines = ["crashed: " + message]
        if let place { lines.append("at \(place)" + (function.map { " (in \($0))" } ?? "")) }
        if let suggestion { lines.append(suggestion) }
        return lines.joined(separator: "\n")
    }
}

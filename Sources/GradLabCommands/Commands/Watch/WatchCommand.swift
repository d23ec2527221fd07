import Foundation

/// `gradlab watch`: rebuilds and re-checks the exercises whenever a file under exercises/ is
/// saved, showing the first unfinished exercise and its verdict, until Ctrl-C.
///
/// The running `watch` cannot check new code itself: the student's functions are compiled into
/// it. So each round runs `swift build --product gradlab`, then the freshly built
/// `gradlab check --json` in a child process, and shows what that found.
enum WatchCommand: RunnableCommand {
    /// `--interval`: how often to look at the files.
    static let interval = Option<Double>("interval", "SECONDS", help: "How often to look for saved files.",
                                         default: 0.5, range: 0.1...10)
    /// `--once`: one round, then stop.
    static let once = Option<Bool>(flag: "once", help: "Build and check once, then stop (to time the loop, or in scripts).")

    static let definition = CommandDefinition(
        name: "watch",
        abstract: "Re-check the exercises whenever you save a file under exercises/ (Ctrl-C to stop).",
        discussion: """
            Looks at the modification times of the Swift files under exercises/ every half second. \
            When one changes, runs 'swift build --product gradlab' and then the new 'gradlab check' \
            in a child process, and shows your progress and the first exercise that does not pass \
            yet, with its verdict (or the compiler's errors). Run it from the repository; use \
            --json for one JSON object per round.
            """,
        options: [CommonOptions.json, interval, once, CheckCommand.timeLimit])

    /// Runs a round now, then one after each change, until interrupted.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let seconds = try arguments[interval]
        guard let root = PackageRoot.find() else {
            throw CommandError("watch rebuilds the exercises, so it runs inside the GradLab repository "
                               + "(a folder with Package.swift and exercises/); cd there and run 'swift run gradlab watch'")
        }
        let folder = root.appendingPathComponent("exercises")
        var snapshot = FileSnapshot(of: folder)
        var round = Round(root: root, timeLimit: try arguments[CheckCommand.timeLimit]) { try ChildProcess.run($0, in: $1) }
        let keepWatching = try !arguments[once]
        show(try round.run(changed: []), json: json, watching: keepWatching, console: console)
        if !keepWatching { return }
        while true {
            Thread.sleep(forTimeInterval: seconds)
            let now = FileSnapshot(of: folder)
            let changed = now.changes(since: snapshot)
            guard !changed.isEmpty else { continue }
            snapshot = now
            show(try round.run(changed: changed.map { "exercises/" + $0 }), json: json, watching: true, console: console)
        }
    }

    /// Prints a round's report: one JSON line, or the text (after clearing the screen when the
    /// output is a terminal, as rustlings does), and whether more rounds will follow.
    static func show(_ report: Report, json: Bool, watching: Bool, console: Console) {
        if json {
            console.line(self.json(report).text)
        } else {
            if console.isInteractive { console.write("\u{1B}[2J\u{1B}[H") }
            console.line(text(report))
            if watching { console.line("\nWatching exercises/ for saved files (Ctrl-C to stop).") }
        }
    }

    /// One round of build and check, with the way to run programs given (tests pass their own).
    struct Round {
        /// The repository.
        let root: URL
        /// Runs a program in a folder.
        let runner: (_ arguments: [String], _ folder: URL) throws -> ChildProcess.Result
        /// Seconds each exercise's check may run (`--time-limit`, passed on to `check`).
        let timeLimit: Double
        /// The folder `swift build` puts `gradlab` in, asked once.
        private var binPath: String?

        init(root: URL, timeLimit: Double = ExerciseRunner.defaultTimeLimit,
             runner: @escaping (_ arguments: [String], _ folder: URL) throws -> ChildProcess.Result) {
            self.root = root
            self.timeLimit = timeLimit
            self.runner = runner
        }

        /// Builds, then checks; `changed` are the files that set it off.
        mutating func run(changed: [String]) throws -> Report {
            let build = try runner(["swift", "build", "--product", "gradlab"], root)
            guard build.status == 0 else {
                return Report(changed: changed, buildSeconds: build.seconds,
                              outcome: .buildFailed(Report.compilerErrors(build.output + "\n" + build.errorOutput,
                                                                          root: root.path)))
            }
            if binPath == nil {
                let bin = try runner(["swift", "build", "--show-bin-path"], root)
                binPath = bin.output.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let gradlab = URL(fileURLWithPath: binPath ?? ".build/debug").appendingPathComponent("gradlab").path
            let out = root.appendingPathComponent(".build").appendingPathComponent("gradlab-watch").path
            let check = try runner([gradlab, "check", "--json", "--out", out, "--time-limit", "\(timeLimit)"], root)
            return Report(changed: changed, buildSeconds: build.seconds, checkSeconds: check.seconds,
                          outcome: Report.outcome(ofCheck: check, changed: changed))
        }
    }
}

import GradLab

extension DescentCommand {
    /// Every descent run: each surface at its three learning rates, and the book's run.
    struct Result {
        /// The surfaces in order, each with one panel per learning rate.
        var surfaces: [SurfaceRuns]
        /// The book's run on x₀² + x₁² from (−3, 4): each learning rate and where it ended.
        var book: [(rate: Double, end: Tensor)]
    }

    /// One surface's runs.
    struct SurfaceRuns {
        /// The surface descended.
        var surface: Surface
        /// One panel per learning rate, in the surface's order.
        var panels: [Panel]
    }

    /// The runs at one learning rate, one per starting point.
    struct Panel {
        /// "good", "too large" or "too small".
        var label: String
        /// η.
        var rate: Double
        /// One run per starting point of the surface.
        var runs: [DescentResult]
    }

    /// The learning rates of the book's run: right, far too large, far too small.
    static let bookRates = [0.1, 10, 1e-10]
    /// Steps of the book's run.
    static let bookSteps = 100

    /// Runs gradient descent on every surface, at every rate, from every start; then the book's run.
    static func descend() -> Result {
        let surfaces = surfaces.map { surface in
            SurfaceRuns(surface: surface, panels: surface.rates.map { label, rate in
                Panel(label: label, rate: rate, runs: surface.starts.map {
                    gradientDescent(of: surface.f, from: Tensor($0), learningRate: rate, steps: surface.steps)
                })
            })
        }
        // The book's own run and its two warnings.
        let quadratic = Self.surfaces[0].f
        let book = bookRates.map { rate in
            (rate, gradientDescent(of: quadratic, from: Tensor([-3, 4]), learningRate: rate, steps: bookSteps).finalPoint)
        }
        return Result(surfaces: surfaces, book: book)
    }
}

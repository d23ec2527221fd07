import GradLab
import GradLabKernels

extension BenchCommand {
    /// The `--json` object, also written to bench.json.
    static func json(_ result: Result) -> JSON {
        let (recipe, recipeLayers, kernel, timings) = (result.recipe, result.recipeLayers, result.kernel, result.timings)
        return JSON.object([
            ("recipeSeconds", recipe.map { .number($0.seconds) } ?? .null),
            ("recipeEvaluationSeconds", recipe.map { .number($0.evaluationSeconds) } ?? .null),
            ("recipeSecondsWithoutEvaluation", result.recipeWithoutEvaluation.map { .number($0.seconds) } ?? .null),
            ("recipeLayersSeconds", recipeLayers.map { .number($0.seconds) } ?? .null),
            ("recipeLayersFinalTestAccuracy", recipeLayers?.epochs.last.map { .number($0.testAccuracy) } ?? .null),
            ("finalTrainAccuracy", recipe?.epochs.last.map { .number($0.trainAccuracy) } ?? .null),
            ("finalTestAccuracy", recipe?.epochs.last.map { .number($0.testAccuracy) } ?? .null),
            ("fullNumericSeconds", timings.map { .number($0.fullSeconds) } ?? .null),
            ("incrementalNumericSeconds", timings.map { .number($0.incrementalSeconds) } ?? .null),
            ("backpropSeconds", timings.map { .number($0.backpropSeconds) } ?? .null),
            ("matmulGflops", .object(kernel.map { ($0.shape.name, .number($0.gflops)) })),
            ("matmulGflopsOneThread", .object(kernel.map { ($0.shape.name, .number($0.oneThread)) })),
            ("matmulGflopsOtherTile", .object(kernel.map { ($0.shape.name, .number($0.otherTile)) })),
            ("registerTile", .string(RegisterTile.native.description)),
            ("convnetStepLayersSeconds", result.convolution.map { .number($0.readableStepSeconds) } ?? .null),
            ("convnetStepSeconds", result.convolution.map { .number($0.fastStepSeconds) } ?? .null),
            ("convnetStepPieces", .array((result.convolution?.pieces ?? []).map { piece in
                .object([("step", .string(piece.step)), ("forwardSeconds", .number(piece.forward)),
                         ("backwardSeconds", .number(piece.backward))])
            })),
            ("convnetEvaluationImages", result.convolution.map { .integer($0.evaluationImages) } ?? .null),
            ("convnetEvaluationLayersSeconds", result.convolution.map { .number($0.readableEvaluationSeconds) } ?? .null),
            ("convnetEvaluationSeconds", result.convolution.map { .number($0.fastEvaluationSeconds) } ?? .null),
            ("peakResidentBytes", .integer(result.peakResidentBytes)),
            ("cores", .integer(result.cores)),
            ("outcome", .string(result.isInterrupted ? "interrupted" : "completed")),
        ])
    }

    /// For the terminal: the kernel's table (unless skipped), then the other measurements.
    static func text(_ result: Result) -> String {
        var sections: [String] = []
        if !result.kernel.isEmpty {
            var table = TextTable(["shape (m×k×n)", "role", "GFLOP/s", "1 thread", "\(otherTile) tile"])
            for row in result.kernel {
                table.add([row.shape.name, row.shape.role, fixed(row.gflops, 1), fixed(row.oneThread, 1), fixed(row.otherTile, 1)])
            }
            sections.append("matrix kernel: \(RegisterTile.native) register tile, \(MatrixKernel.cores) cores\n" + table.text + "\n")
        }
        var table = TextTable(["measurement", "value"])
        if let recipe = result.recipe, let without = result.recipeWithoutEvaluation {
            table.add(["recipe, \(result.iterations) iterations, with evaluation", duration(recipe.seconds)])
            table.add(["  evaluations (\(recipe.epochs.count) × \(result.imagesPerEvaluation) images, second thread)", duration(recipe.evaluationSeconds)])
            table.add(["recipe without evaluation", duration(without.seconds)])
            table.add(["final train / test accuracy", "\(fixed(recipe.epochs.last?.trainAccuracy ?? 0, 4)) / \(fixed(recipe.epochs.last?.testAccuracy ?? 0, 4))"])
            if let layers = result.recipeLayers {
                table.add(["recipe through the layers (readable path), with evaluation", "\(duration(layers.seconds)) (\(fixed(layers.seconds / recipe.seconds, 2))× the fast path)"])
            }
        }
        if let timings = result.timings {
            table.add(["full numerical gradient (\(result.inputs)-50-10, batch \(result.batchSize))",
                       timings.fullSeconds.isNaN ? "skipped" : duration(timings.fullSeconds)])
            table.add(["incremental numerical gradient", duration(timings.incrementalSeconds)])
            table.add(["backprop gradient", duration(timings.backpropSeconds)])
            if !timings.fullSeconds.isNaN {
                table.add(["full / incremental", "\(fixed(timings.fullSeconds / timings.incrementalSeconds, 0))×"])
                table.add(["full / backprop", "\(fixed(timings.fullSeconds / timings.backpropSeconds, 0))×"])
            }
        }
        table.add(["peak resident memory (loading and the recipe)", "\(fixed(Double(result.peakResidentBytes) / 1e6, 1)) MB"])
        sections.append(table.text)
        if let convolution = result.convolution { sections.append(text(convolution)) }
        if result.isInterrupted {
            sections.append("Interrupted (Ctrl-C): only the measurements that finished are shown; a recipe cut short is left out.")
        }
        return sections.joined(separator: "\n")
    }

    /// SimpleConvNet's step both ways, then the fast step's pieces.
    static func text(_ convolution: ConvolutionResult) -> String {
        var table = TextTable(["SimpleConvNet, batch 100, SGD (\(simpleConvNet))", "value"])
        table.add(["one training step through the layers (readable path)", duration(convolution.readableStepSeconds)])
        table.add(["one training step on the fast path",
                   "\(duration(convolution.fastStepSeconds)) (\(fixed(convolution.readableStepSeconds / convolution.fastStepSeconds, 1))× faster)"])
        table.add(["accuracy of \(convolution.evaluationImages) test images through the layers", duration(convolution.readableEvaluationSeconds)])
        table.add(["the same on the fast path (both cores)", duration(convolution.fastEvaluationSeconds)])
        var pieces = TextTable(["fast step's piece", "forward", "backward"])
        for piece in convolution.pieces { pieces.add([piece.step, duration(piece.forward), duration(piece.backward)]) }
        return table.text + "\n" + pieces.text
    }
}

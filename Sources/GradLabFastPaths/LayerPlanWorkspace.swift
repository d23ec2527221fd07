import Dispatch
import GradLab
import GradLabData
import GradLabKernels

/// Reusable memory for running a `LayerPlan` forward and backward on batch after batch: the
/// fast convolutional training step, and the evaluation's forward passes.
///
/// Every step writes into buffers sized once per batch size: its outputs, their gradients, a
/// convolution's unrolled windows (im2col, kept for dW) and a max pooling's chosen positions.
/// The products go through `MatrixKernel` (on all cores for a training step); the image loops
/// (`unrollWindows`, `foldWindows`, pooling, bias and activation) run on slices of the batch on
/// the worker pool's threads. Each number is computed by the same operations in the same order
/// as in the layers, so the loss and gradients are those of `Sequential.trainingGradient` to
/// the bit (FastConvolutionTests).
///
/// Scratch memory, so a class: one per training loop or evaluation worker, never shared between
/// threads (its helper threads write disjoint slices of it during a pass).
final class LayerPlanWorkspace: @unchecked Sendable {
    let plan: LayerPlan
    /// The number of samples the buffers are sized for.
    private(set) var batchSize = 0
    /// The batch, flat rows of `plan.inputSize` values.
    private var input = ScratchBuffer(count: 0)
    /// Each step's outputs, and the gradient of the loss with respect to them (a reshape step
    /// shares its input's buffers).
    private var outputs: [ScratchBuffer] = [], outputGradients: [ScratchBuffer] = []
    /// Each convolution's unrolled windows (empty for other steps); each max pooling's choices.
    private var windows: [ScratchBuffer] = [], chosen: [OwnedBuffer<Int>] = []
    /// dcols = dout · Wᵀ before it is folded back into images: one, shared by the convolutions.
    private var windowGradients = ScratchBuffer(count: 0)
    /// The fast steps' weight gradients, one array per parameter tensor of the network (empty
    /// for the readable steps'), handed out as tensors without a copy.
    private var parameterGradients: [GradientArray] = []

    /// A workspace for `plan`.
    init(_ plan: LayerPlan) {
        self.plan = plan
    }

    /// The loaded batch's input buffer, sized for `count` samples (reallocating only when the
    /// size changes).
    func inputBuffer(samples count: Int) -> UnsafeMutableBufferPointer<Double> {
        resize(to: count)
        return input.buffer
    }

    private func resize(to count: Int) {
        guard count != batchSize else { return }
        batchSize = count
        input = ScratchBuffer(count: count * plan.inputSize)
        outputs = []
        chosen = []
        windows = []
        var largestWindows = 0
        for step in plan.steps {
            outputs.append(step.kind == .reshape ? outputs.last ?? input : ScratchBuffer(count: count * step.outputSize))
            let windowCount: Int
            if case .convolution(let g, _, _) = step.kind { windowCount = count * g.outputHeight * g.outputWidth * g.windowSize } else { windowCount = 0 }
            windows.append(ScratchBuffer(count: windowCount))
            largestWindows = Swift.max(largestWindows, windowCount)
            if case .maxPooling = step.kind { chosen.append(OwnedBuffer(count: count * step.outputSize, repeating: 0)) } else { chosen.append(OwnedBuffer(count: 0, repeating: 0)) }
        }
        outputGradients = []
        windowGradients = ScratchBuffer(count: 0)
        pendingWindowGradients = largestWindows
    }

    /// The size the shared dcols buffer needs, allocated with the gradients on the first backward.
    private var pendingWindowGradients = 0

    /// The input of step `s`: the batch, or the previous step's outputs.
    private func stepInput(_ s: Int) -> ScratchBuffer { s == 0 ? input : outputs[s - 1] }

    // MARK: Forward

    /// Runs the loaded batch through every step in `mode`: fast steps on the buffers, the others
    /// through `layers[i].forward(_:mode:)`, which keeps their state moving as the layers' own
    /// pass would. Returns the last step's outputs (the scores), `batchSize` rows.
    @discardableResult
    func forward(_ layers: inout [any Layer], weights: [StepWeights?], mode: LayerMode,
                 threads: Int, stopwatch: StepStopwatch? = nil) -> UnsafeMutablePointer<Double> {
        precondition(batchSize > 0, "LayerPlanWorkspace.forward: no batch loaded")
        let n = batchSize
        for (s, step) in plan.steps.enumerated() {
            defer { stopwatch?.lap(step: s, backward: false) }
            let x = UnsafePointer(stepInput(s).pointer), y = outputs[s].pointer
            switch step.kind {
            case let .convolution(g, filters, activation):
                let (cols, pixels) = (windows[s].pointer, g.outputHeight * g.outputWidth)
                forEachSlice(of: n, threads: threads) { unrollWindows(x, g, images: $0, into: cols) }
                let w = weights[s]!
                MatrixKernel.multiply(cols, transposeA: false, w.W, transposeB: false, into: y, m: n * pixels, n: filters,
                                      k: g.windowSize, accumulate: false, tile: .native, maxThreads: threads)
                forEachSlice(of: n, threads: threads) {
                    HiddenActivation.addBias(w.b, andApply: activation, to: y,
                                             rows: $0.lowerBound * pixels ..< $0.upperBound * pixels, width: filters)
                }
            case let .affine(inputs, outputs, activation):
                let w = weights[s]!
                MatrixKernel.multiply(x, transposeA: false, w.W, transposeB: false, into: y, m: n, n: outputs, k: inputs,
                                      accumulate: false, tile: .native, maxThreads: threads)
                HiddenActivation.addBias(w.b, andApply: activation, to: y, rows: 0..<n, width: outputs)
            case .activation(let activation):
                let size = step.outputSize
                forEachSlice(of: n, threads: threads) {
                    activation.apply(x, into: y, range: $0.lowerBound * size ..< $0.upperBound * size)
                }
            case .maxPooling(let g):
                let positions = chosen[s].pointer
                forEachSlice(of: n, threads: threads) { maxPoolForward(x, g, images: $0, into: y, chosen: positions) }
            case .averagePooling(let g):
                forEachSlice(of: n, threads: threads) { averagePool(x, g, images: $0, backward: false, into: y) }
            case let .globalAveragePooling(pixels, channels):
                globalAveragePool(x, pixels: pixels, channels: channels, images: 0..<n, backward: false, into: y)
            case .reshape:
                break
            case .readable:
                let output = layers[step.layers.lowerBound].forward(tensor(x, [n] + step.inputShape), mode: mode)
                copy(output, into: y, count: n * step.outputSize, "forward", step)
            }
        }
        return outputs.last?.pointer ?? input.pointer
    }

    // MARK: Backward

    /// The gradient buffer of the last step's outputs, for the loss layer's dL/dscores; call
    /// before `backward`.
    func scoreGradient() -> UnsafeMutablePointer<Double> {
        allocateGradients()
        return (outputGradients.last ?? input).pointer
    }

    private func allocateGradients() {
        guard outputGradients.isEmpty else { return }
        for step in plan.steps {
            outputGradients.append(step.kind == .reshape ? outputGradients.last ?? ScratchBuffer(count: 0)
                                                         : ScratchBuffer(count: batchSize * step.outputSize))
        }
        windowGradients = ScratchBuffer(count: pendingWindowGradients)
    }

    /// Back through every step, from the score gradient the caller wrote (`scoreGradient`), after a
    /// training `forward`. Stores each fast step's dW and db, runs `backward` on the readable
    /// layers (`backwardParameters` on the first layer, whose input is the data, as `Sequential`
    /// does), and returns ∂L/∂θ of every parameter tensor, in the network's order.
    func backward(_ layers: inout [any Layer], weights: [StepWeights?], parameterShapes: [[Int]],
                  threads: Int, stopwatch: StepStopwatch? = nil) -> [Tensor] {
        allocateGradients()
        if parameterGradients.count != parameterShapes.count {
            parameterGradients = parameterShapes.map { GradientArray(count: $0.reduce(1, *)) }
        }
        var readableGradients: [Int: [Tensor]] = [:]
        let n = batchSize
        for (s, step) in plan.steps.enumerated().reversed() {
            defer { stopwatch?.lap(step: s, backward: true) }
            let dy = outputGradients[s].pointer, y = UnsafePointer(outputs[s].pointer)
            let x = UnsafePointer(stepInput(s).pointer), dx = s > 0 ? outputGradients[s - 1].pointer : nil
            switch step.kind {
            case let .convolution(g, filters, activation):
                let (rows, pixels, W) = (n * g.outputHeight * g.outputWidth, g.outputHeight * g.outputWidth, weights[s]!.W)
                if let activation {
                    forEachSlice(of: n, threads: threads) {
                        activation.backward(dy, outputs: y, into: dy, range: $0.lowerBound * pixels * filters ..< $0.upperBound * pixels * filters)
                    }
                }
                let cols = UnsafePointer(windows[s].pointer)
                withGradients(of: step) { dW, db in
                    // k = N · out_h · out_w is deep (57,600 for SimpleConvNet): slice by slice, as the
                    // kernel sums it anyway (the same bits), with each slice of cols and dout hot in
                    // the cache (measured 15 ms against 24 in one call).
                    let depth = MatrixKernel.sliceDepth(k: rows)
                    for p0 in stride(from: 0, to: rows, by: depth) {
                        MatrixKernel.multiply(cols + p0 * g.windowSize, transposeA: true, dy + p0 * filters, transposeB: false,
                                              into: dW, m: g.windowSize, n: filters, k: Swift.min(depth, rows - p0),
                                              accumulate: p0 > 0, tile: .native, maxThreads: threads)
                    }
                    sumRows(dy, rows: rows, width: filters, into: db)
                }
                guard let dx else { break }
                let dcols = windowGradients.pointer
                MatrixKernel.multiply(dy, transposeA: false, W, transposeB: true, into: dcols, m: rows, n: g.windowSize,
                                      k: filters, accumulate: false, tile: .native, maxThreads: threads)
                forEachSlice(of: n, threads: threads) { foldWindows(dcols, g, images: $0, into: dx) }
            case let .affine(inputs, outputs, activation):
                activation?.backward(dy, outputs: y, into: dy, range: 0..<(n * outputs))
                withGradients(of: step) { dW, db in
                    MatrixKernel.multiply(x, transposeA: true, dy, transposeB: false, into: dW, m: inputs, n: outputs, k: n,
                                          accumulate: false, tile: .native, maxThreads: threads)
                    sumRows(dy, rows: n, width: outputs, into: db)
                }
                guard let dx else { break }
                MatrixKernel.multiply(dy, transposeA: false, weights[s]!.W, transposeB: true, into: dx, m: n, n: inputs, k: outputs,
                                      accumulate: false, tile: .native, maxThreads: threads)
            case .activation(let activation):
                guard let dx else { break }
                let size = step.outputSize
                forEachSlice(of: n, threads: threads) {
                    activation.backward(dy, outputs: y, into: dx, range: $0.lowerBound * size ..< $0.upperBound * size)
                }
            case .maxPooling(let g):
                guard let dx else { break }
                let positions = UnsafePointer(chosen[s].pointer)
                forEachSlice(of: n, threads: threads) { maxPoolBackward(dy, chosen: positions, g, images: $0, into: dx) }
            case .averagePooling(let g):
                guard let dx else { break }
                forEachSlice(of: n, threads: threads) { averagePool(dy, g, images: $0, backward: true, into: dx) }
            case let .globalAveragePooling(pixels, channels):
                guard let dx else { break }
                globalAveragePool(dy, pixels: pixels, channels: channels, images: 0..<n, backward: true, into: dx)
            case .reshape:
                break
            case .readable:
                let i = step.layers.lowerBound, upstream = tensor(dy, [n] + step.outputShape)
                if let dx {
                    copy(layers[i].backward(upstream), into: dx, count: n * step.inputSize, "backward", step)
                } else {
                    layers[i].backwardParameters(upstream)
                }
                if let index = step.parameterIndex { readableGradients[index] = layers[i].gradients.map(\.value) }
            }
        }
        var gradients: [Tensor] = []
        while gradients.count < parameterShapes.count {
            let index = gradients.count
            gradients += readableGradients[index]
                ?? [Tensor(shape: parameterShapes[index], scalars: parameterGradients[index].scalars)]
        }
        return gradients
    }

    /// Calls `body` with the storage of a fast step's dW and db.
    private func withGradients(of step: LayerPlan.Step, _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) {
        guard let index = step.parameterIndex else { preconditionFailure("LayerPlanWorkspace: \(step.kind) has no parameters") }
        parameterGradients[index].scalars.withUnsafeMutableBufferPointer { dW in
            parameterGradients[index + 1].scalars.withUnsafeMutableBufferPointer { db in
                body(dW.baseAddress!, db.baseAddress!)
            }
        }
    }

    /// A tensor of `shape` holding the buffer's values (for a readable layer).
    private func tensor(_ values: UnsafePointer<Double>, _ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: values, count: shape.reduce(1, *))))
    }

    /// Copies a readable layer's result into a buffer of `count` values.
    private func copy(_ result: Tensor, into buffer: UnsafeMutablePointer<Double>, count: Int, _ pass: String, _ step: LayerPlan.Step) {
        precondition(result.count == count, "LayerPlanWorkspace: layer \(step.layers.lowerBound) \(pass) gave \(result.shape), expected \(count) values")
        result.scalars.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(start: buffer, count: count).update(fromContentsOf: $0) }
    }
}

/// Seconds spent in each step of a pass, forward and backward: what `gradlab bench` prints to
/// show where a convolutional step's time goes.
final class StepStopwatch {
    private(set) var forward: [Double], backward: [Double]
    private var last = DispatchTime.now().uptimeNanoseconds

    init(steps: Int) {
        forward = [Double](repeating: 0, count: steps)
        backward = forward
    }

    /// Starts timing (the time before this call counts for no step).
    func start() { last = DispatchTime.now().uptimeNanoseconds }

    /// Adds the time since the last lap to `step`'s forward or backward time.
    func lap(step: Int, backward isBackward: Bool) {
        let now = DispatchTime.now().uptimeNanoseconds
        let seconds = Double(now - last) / 1e9
        if isBackward { backward[step] += seconds } else { forward[step] += seconds }
        last = now
    }
}

/// One weight gradient's storage: an array, so that the gradient handed back wraps it without a
/// copy, and the next step writes in place once the caller has let go of it.
final class GradientArray {
    var scalars: [Double]

    init(count: Int) {
        scalars = [Double](repeating: 0, count: count)
    }
}

/// Calls `body` on slices of `0..<count` (images of a batch), on up to `threads` threads of the
/// worker pool, about four slices per thread; on this thread alone when `threads` is 1.
///
/// The slices must write disjoint memory: `body` is shared with the helper threads unchecked.
func forEachSlice(of count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let slices = Swift.min(count, threads > 1 ? 4 * threads : 1)
    guard slices > 1 else { return body(0..<count) }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body  // slices write disjoint images
        parallelChunks(slices, threads: threads) { slice in
            body(count * slice / slices ..< count * (slice + 1) / slices)
        }
    }
}

/// A fast step's weight and bias, lent for one pass.
struct StepWeights {
    /// The weight, row-major (a Conv2D's [kh, kw, C, F] is the matrix [kh·kw·C, F]).
    let W: UnsafePointer<Double>
    /// The bias.
    let b: UnsafePointer<Double>
}

extension LayerPlan {
    /// Calls `body` with each step's weight and bias (nil for the steps without), lent from the
    /// layers' tensors without a copy for the duration of the call.
    func withWeights<R>(of layers: [any Layer], _ body: ([StepWeights?]) -> R) -> R {
        var arrays: [[Double]?] = []
        for step in steps {
            let layer = layers[step.layers.lowerBound]
            switch step.kind {
            case .convolution, .affine:
                let parameters = layer.parameters
                arrays += [parameters[0].value.scalars, parameters[1].value.scalars]
            default:
                arrays += [nil, nil]
            }
        }
        return withPointers(to: arrays) { pointers in
            body(steps.indices.map { s in
                pointers[2 * s].map { StepWeights(W: $0, b: pointers[2 * s + 1]!) }
            })
        }
    }
}

/// Calls `body` with pointers to the storage of every array (nil for nil), for the duration of
/// the call.
func withPointers<R>(to arrays: [[Double]?], _ body: ([UnsafePointer<Double>?]) -> R) -> R {
    var pointers: [UnsafePointer<Double>?] = []
    pointers.reserveCapacity(arrays.count)
    func lend(from index: Int) -> R {
        guard index < arrays.count else { return body(pointers) }
        guard let array = arrays[index] else {
            pointers.append(nil)
            return lend(from: index + 1)
        }
        return array.withUnsafeBufferPointer {
            pointers.append($0.baseAddress)
            return lend(from: index + 1)
        }
    }
    return lend(from: 0)
}

import Dispatch
import Foundation
import GradLab
import GradLabData
import GradLabKernels

extension TwoLayerView {
    /// The numerical gradient by central differences, recomputing only the part of the network
    /// that a perturbed parameter touches: the bridge from the numerical gradient to backprop.
    ///
    /// The full method runs the whole network twice per parameter. But nudging one weight
    /// changes little: W1[i, j] or b1[j] changes only hidden unit j (one column of a1 and z1) and,
    /// through it, the scores; W2[j, k] or b2[k] changes only score k. So the method runs the
    /// forward pass once, caches a1, z1 and the probabilities p, and for each perturbation
    /// computes only how each affected sample's loss ℓₙ changes:
    ///
    /// ```
    /// W1[i, j] ± h:  z1'ₙⱼ = σ(a1ₙⱼ ± h·xₙᵢ),  Δz = z1'ₙⱼ − z1ₙⱼ    (samples with xₙᵢ ≠ 0 only)
    ///                ℓ'ₙ − ℓₙ = log Σₖ pₙₖ·exp(Δz·W2ⱼₖ) − Δz·W2ⱼ,tₙ
    /// W2[j, k] ± h:  δ = ±h·z1ₙⱼ,   ℓ'ₙ − ℓₙ = log(1 + pₙₖ·(e^δ − 1)) − δ·[k = tₙ]
    /// ∂L/∂θ ≈ (Σₙ(ℓ⁺ₙ − ℓₙ) − Σₙ(ℓ⁻ₙ − ℓₙ)) / (2h·N)
    /// ```
    ///
    /// It is the same central difference with the same h as the full method, so the values agree
    /// up to the round-off of the central difference itself (about ε·|L|/h per element); working
    /// with loss *changes* (with `expm1` and `log1p`) even removes most of that round-off. For
    /// the hidden layer, Σₖ pₙₖ·(e^(Δz·W2ⱼₖ) − 1) is summed as a polynomial in Δz whose
    /// coefficients Σₖ pₙₖ·W2ⱼₖᵐ/m! are computed once per sample and unit; for the tiny Δz a step
    /// h causes it is exact to rounding, and larger changes fall back to the exponentials.
    /// Reusing the forward pass is the idea backprop takes to its end: backprop also reuses the
    /// backward signal, and needs no perturbation at all.
    ///
    /// - Parameters:
    ///   - x: the batch, N × inputSize.
    ///   - t: one-hot targets or class indices.
    ///   - h: the step (default 10⁻⁴).
    /// - Returns: the gradient and the number of (partial) loss evaluations it made; a weight
    ///   whose input is 0 in every sample needs none, its difference being exactly 0.
    public func incrementalNumericalGradient(_ x: Tensor, _ t: Tensor, h: Double = 1e-4)
        -> (gradient: Parameters, lossEvaluations: Int) {
        precondition(x.rank == 2 && x.shape[1] == inputSize,
                     "incrementalNumericalGradient: batch \(x.shape) does not fit \(inputSize) inputs")
        let (n, inputs, hiddenUnits, outputs) = (x.shape[0], inputSize, hiddenSize, outputSize)
        let labels = labelIndices(t, samples: n, classes: outputs, "incrementalNumericalGradient")
        let p = parameters
        let activation = activation

        // One forward pass, cached: a1 (pre-activation), z1, probabilities.
        let a1 = Tensor.matmul(x, p.W1) + p.b1
        let z1 = a1.map { activation($0) }
        let scores = Tensor.matmul(z1, p.W2) + p.b2
        let probabilities = softmax(scores)

        // x column by column, keeping only non-zero entries (most MNIST pixels are 0).
        var columns = [[(sample: Int, value: Double)]](repeating: [], count: inputs)
        for sample in 0..<n {
            for i in 0..<inputs where x[flat: sample * inputs + i] != 0 {
                columns[i].append((sample, x[flat: sample * inputs + i]))
            }
        }
        let allSamples = (0..<n).map { (sample: $0, value: 1.0) }

        // Owned copies the workers read (a1, z1, p, W2) and write in disjoint elements (hidden
        // unit j's column of gW1, gb1[j], its evaluation count).
        let gW1Buffer = ScratchBuffer(count: inputs * hiddenUnits), gb1Buffer = ScratchBuffer(count: hiddenUnits)
        let countsBuffer = ScratchBuffer(count: hiddenUnits)
        let (a1Buffer, z1Buffer) = (ScratchBuffer(a1.scalars), ScratchBuffer(z1.scalars))
        let (probBuffer, W2Buffer) = (ScratchBuffer(probabilities.scalars), ScratchBuffer(p.W2.scalars))
        let scale = 1 / (2 * h * Double(n))

        // Hidden units are independent: one per iteration, spread over the cores.
        do {
            let (gW1, gb1, a1, z1, prob, W2) = (gW1Buffer.pointer, gb1Buffer.pointer, a1Buffer.pointer, z1Buffer.pointer,
                                                probBuffer.pointer, W2Buffer.pointer)
            nonisolated(unsafe) let shared = (gW1, gb1, a1, z1, prob, W2, countsBuffer.pointer)
            let columns = columns
            DispatchQueue.concurrentPerform(iterations: hiddenUnits) { j in
                let (gW1, gb1, a1, z1, prob, W2, evaluationCounts) = shared
                var evaluations = 0
                // Per sample n, the moments Mₘ = Σₖ pₙₖ·W2ⱼₖᵐ / m! (m = 1 … 8), so that
                // Σₖ pₙₖ·(e^(Δz·W2ⱼₖ) − 1) = Σₘ Mₘ·Δzᵐ: one polynomial per perturbation instead
                // of ten exponentials. For |Δz·W2ⱼₖ| ≤ 10⁻² the first omitted term is below
                // 10⁻¹⁸/9! ≈ 3·10⁻²⁴: exact to rounding. Larger changes use the exponentials.
                var moments = [Double](repeating: 0, count: n * 8)
                var largestWeight = 0.0
                for k in 0..<outputs { largestWeight = max(largestWeight, abs(W2[j * outputs + k])) }
                for sample in 0..<n {
                    for k in 0..<outputs {
                        let w = W2[j * outputs + k]
                        var term = prob[sample * outputs + k]
                        for m in 0..<8 {
                            term *= w / Double(m + 1)
                            moments[sample * 8 + m] += term
                        }
                    }
                }
                // Σₙ (ℓ'ₙ − ℓₙ) when a1ₙⱼ moves by step·valueₙ for the listed samples.
                func lossChange(_ entries: [(sample: Int, value: Double)], step: Double) -> Double {
                    var change = 0.0
                    for (sample, value) in entries {
                        let index = sample * hiddenUnits + j
                        let dz = activation(a1[index] + step * value) - z1[index]
                        var sum = 0.0
                        if abs(dz) * largestWeight <= 1e-2 {
                            let base = sample * 8
                            for m in stride(from: 7, through: 0, by: -1) { sum = (sum + moments[base + m]) * dz }
                        } else {
                            for k in 0..<outputs { sum += prob[sample * outputs + k] * Foundation.expm1(dz * W2[j * outputs + k]) }
                        }
                        change += Foundation.log1p(sum) - dz * W2[j * outputs + labels[sample]]
                    }
                    return change
                }
                for i in 0..<inputs where !columns[i].isEmpty {
                    gW1[i * hiddenUnits + j] = (lossChange(columns[i], step: h) - lossChange(columns[i], step: -h)) * scale
                    evaluations += 2
                }
                gb1[j] = (lossChange(allSamples, step: h) - lossChange(allSamples, step: -h)) * scale
                evaluationCounts[j] = Double(evaluations + 2)
            }
        }
        let (gW1, gb1) = (Array(gW1Buffer.buffer), Array(gb1Buffer.buffer))

        // Output layer: W2[j, k] and b2[k] move one score, δ = ±h·z1ₙⱼ (or ±h).
        var gW2 = [Double](repeating: 0, count: hiddenUnits * outputs)
        var gb2 = [Double](repeating: 0, count: outputs)
        func scoreChange(_ k: Int, _ delta: (Int) -> Double) -> Double {
            var change = 0.0
            for sample in 0..<n {
                let d = delta(sample)
                change += Foundation.log1p(probabilities[flat: sample * outputs + k] * Foundation.expm1(d))
                    - (labels[sample] == k ? d : 0)
            }
            return change
        }
        for j in 0..<hiddenUnits {
            for k in 0..<outputs {
                gW2[j * outputs + k] = (scoreChange(k) { h * z1[flat: $0 * hiddenUnits + j] }
                                        - scoreChange(k) { -h * z1[flat: $0 * hiddenUnits + j] }) * scale
            }
        }
        for k in 0..<outputs {
            gb2[k] = (scoreChange(k) { _ in h } - scoreChange(k) { _ in -h }) * scale
        }
        let evaluations = Int(countsBuffer.buffer.reduce(0, +)) + 2 * (hiddenUnits * outputs + outputs)
        let gradient = parameters(Tensor(shape: [inputs, hiddenUnits], scalars: gW1),
                                  Tensor(shape: [hiddenUnits], scalars: gb1),
                                  Tensor(shape: [hiddenUnits, outputs], scalars: gW2),
                                  Tensor(shape: [outputs], scalars: gb2))
        return (gradient, evaluations)
    }
}

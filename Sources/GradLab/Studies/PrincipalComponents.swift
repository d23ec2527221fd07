import GradLabData

/// Principal component analysis: the k directions along which a set of images varies most, the
/// linear autoencoder that needs no training.
///
/// ```
/// μ = mean image,   C = (1/N) Σₙ (xₙ − μ)ᵀ(xₙ − μ)        the D × D covariance
/// v₁ … v_k = eigenvectors of C with the largest eigenvalues λ₁ ≥ … ≥ λ_k
/// encode:  code = (x − μ) Vᵀ          k numbers per image        (V: the vᵢ as rows, k × D)
/// decode:  x̂    = code V + μ
/// ```
///
/// Of all ways to squeeze an image through k numbers linearly, this one loses the least squared
/// error; an autoencoder with nonlinear layers can do better. The eigenvectors are found by
/// **power iteration with deflation**, the most readable method there is:
///
/// ```
/// repeat k times:
///     v ← a random unit vector
///     repeat: v ← C v / ‖C v‖         (the largest eigenvalue's direction grows fastest)
///     λ ← vᵀ C v
///     C ← C − λ v vᵀ                   (deflate: remove that direction, the next one is now largest)
/// ```
///
/// Each step multiplies the error by about λ₂/λ₁, so close eigenvalues need many steps; the loop
/// stops when v turns by less than `tolerance` (1 − |cos| between two steps).
public struct PrincipalComponents: Sendable {
    /// The mean image μ, [D].
    public let mean: Tensor
    /// The components v₁ … v_k as rows, [k, D], orthonormal, the largest variance first.
    public let components: Tensor
    /// The variance along each component, λ₁ ≥ … ≥ λ_k.
    public let variances: [Double]
    /// The total variance, trace(C): what all D components together would explain.
    public let totalVariance: Double
    /// The power-iteration steps each component took.
    public let iterations: [Int]

    /// The components of a covariance matrix.
    ///
    /// - Parameters:
    ///   - mean: the mean μ, [D].
    ///   - covariance: C, [D, D], symmetric.
    ///   - count: k, how many components (1 ≤ k ≤ D).
    ///   - maximumIterations: the most power-iteration steps per component.
    ///   - tolerance: stop when 1 − |cos(angle between two steps)| is below it.
    ///   - seed: seeds the random starting vectors.
    public init(mean: Tensor, covariance: Tensor, count: Int, maximumIterations: Int = 2000,
                tolerance: Double = 1e-12, seed: UInt64 = 42) {
        let size = mean.count
        precondition(covariance.shape == [size, size], "PrincipalComponents: covariance \(covariance.shape) for a mean of \(size)")
        precondition((1...size).contains(count), "PrincipalComponents: \(count) components of \(size)-number samples")
        var generator = SplitMix64(seed: seed)
        var deflated = covariance
        var found: [[Double]] = [], variances: [Double] = [], iterations: [Int] = []
        for _ in 0..<count {
            var v = Self.orthogonalized(Tensor((0..<size).map { _ in generator.nextStandardNormal() }), against: found)
            var steps = 0
            while steps < maximumIterations {
                steps += 1
                // Round-off lets the deflated directions creep back in; Gram–Schmidt keeps them out.
                let next = Self.orthogonalized(deflated.matmul(v), against: found)
                let turned = 1 - abs(Self.dot(next, v))
                v = next
                if turned < tolerance { break }
            }
            let lambda = Self.dot(v, deflated.matmul(v))
            // C ← C − λ v vᵀ: the direction found no longer stands out.
            deflated = deflated - Tensor.matmul(v.reshaped([size, 1]), v.reshaped([1, size])) * lambda
            found.append(v.scalars)
            variances.append(lambda)
            iterations.append(steps)
        }
        self.mean = mean
        self.components = Tensor(shape: [count, size], scalars: found.flatMap { $0 })
        self.variances = variances
        self.totalVariance = (0..<size).reduce(0) { $0 + covariance[$1, $1] }
        self.iterations = iterations
    }

    /// The first `count` components of the rows of `samples` ([N, D]).
    public init(fitting samples: Tensor, count: Int, seed: UInt64 = 42) {
        precondition(samples.rank == 2 && samples.shape[0] > 0, "PrincipalComponents(fitting:): samples \(samples.shape) must be rows")
        let mean = samples.mean(alongAxis: 0)
        let centred = samples - mean
        let covariance = Tensor.matmul(centred, transposeA: true, centred) * (1 / Double(samples.shape[0]))
        self.init(mean: mean, covariance: covariance, count: count, seed: seed)
    }

    /// The first `count` components of a whole image set, its covariance summed 1000 images at a
    /// time (60,000 images at once would be a 376 MB tensor).
    public init(fitting images: LabeledImages, count: Int, seed: UInt64 = 42, chunkSize: Int = 1000) {
        precondition(images.count > 0, "PrincipalComponents(fitting:): no images")
        let chunks = stride(from: 0, to: images.count, by: chunkSize).map { Array($0..<Swift.min($0 + chunkSize, images.count)) }
        var sum = Tensor(shape: [images.pixelsPerImage], repeating: 0)
        for chunk in chunks { sum = sum + images.images(at: chunk).sum(alongAxis: 0) }
        let mean = sum * (1 / Double(images.count))
        var covariance = Tensor(shape: [images.pixelsPerImage, images.pixelsPerImage], repeating: 0)
        for chunk in chunks {
            let centred = images.images(at: chunk) - mean
            covariance = covariance + Tensor.matmul(centred, transposeA: true, centred)
        }
        self.init(mean: mean, covariance: covariance * (1 / Double(images.count)), count: count, seed: seed)
    }

    /// The share of the total variance the components explain, Σλᵢ / trace(C).
    public var explainedVariance: Double {
        totalVariance > 0 ? variances.reduce(0, +) / totalVariance : 1
    }

    /// The codes of the rows of `x` ([N, D] → [N, k]): (x − μ) Vᵀ.
    public func encode(_ x: Tensor) -> Tensor {
        Tensor.matmul(x - mean, components, transposeB: true)
    }

    /// The images the codes stand for ([N, k] → [N, D]): code V + μ.
    public func decode(_ codes: Tensor) -> Tensor {
        codes.matmul(components) + mean
    }

    /// Each row of `x` squeezed through k numbers and back: decode(encode(x)).
    public func reconstruct(_ x: Tensor) -> Tensor {
        decode(encode(x))
    }

    /// a · b for two vectors.
    static func dot(_ a: Tensor, _ b: Tensor) -> Double {
        zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// `v` without its parts along the (orthonormal) `basis`, scaled to length 1.
    static func orthogonalized(_ v: Tensor, against basis: [[Double]]) -> Tensor {
        var scalars = v.scalars
        for b in basis {
            let along = zip(scalars, b).reduce(0) { $0 + $1.0 * $1.1 }
            for i in scalars.indices { scalars[i] -= along * b[i] }
        }
        let norm = scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return Tensor(norm > 0 ? scalars.map { $0 / norm } : scalars)
    }
}

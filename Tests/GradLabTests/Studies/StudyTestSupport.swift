import Foundation
import GradLab
import GradLabData

/// Images of 4×4 pixels whose label (0…3) is the row that holds the bright pixels, with a little
/// seeded noise elsewhere: a set a small network learns in a few dozen steps.
func rowImages(count: Int, seed: UInt64) throws -> LabeledImages {
    var generator = SplitMix64(seed: seed)
    var pixels: [UInt8] = [], labels: [UInt8] = []
    for _ in 0..<count {
        let label = generator.nextIndex(below: 4)
        labels.append(UInt8(label))
        for row in 0..<4 {
            for _ in 0..<4 {
                pixels.append(row == label ? UInt8(180 + generator.nextIndex(below: 76)) : UInt8(generator.nextIndex(below: 40)))
            }
        }
    }
    return try LabeledImages(pixels: pixels, labels: labels, rows: 4, columns: 4)
}

/// The standard normal distribution function Φ(z) = ½ erfc(−z/√2).
func normalCDF(_ z: Double) -> Double {
    0.5 * erfc(-z / 2.0.squareRoot())
}

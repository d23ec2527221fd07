// Your own experiments with GradLab: `swift run scratch` builds and runs this file.
//
// Every snippet in the docs that starts with `import GradLab` runs here: paste it below (or in
// place of the example), then `swift run scratch` (add `-c release` for anything that trains
// on MNIST). This file is yours; GradLab's own code never changes it.
//
// The example is chapter 12's (docs/12-every-way-to-a-derivative.md): Squire and Trapp's
// function at 1.5, differentiated four ways.

import Foundation
import GradLab

func f(_ x: Double) -> Double { exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }
func f(_ x: Dual) -> Dual { exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }
func f(_ x: Complex) -> Complex { exp(x) / sqrt(pow(sin(x), 3) + pow(cos(x), 3)) }

print("Double, central difference:", numericalDerivative(of: f, at: 1.5, h: pow(10, -5.5)))
print("Float, central difference: ", numericalDerivativeInFloat(of: f, at: 1.5, h: pow(10, -2.5)))
print("dual numbers (forward mode):", derivative(of: f, at: 1.5))
print("complex step (h = 1e-20):  ", complexStepDerivative(of: f, at: 1.5))

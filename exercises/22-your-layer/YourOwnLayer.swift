import Foundation
import GradLab

// Exercise 22 (your-layer): invent a layer; its backward pass is checked for you.
//
// Write a struct that conforms to `Layer` (forward and backward; see docs/04-layers.md), then
// add an instance to `myLayers` below. `swift run gradlab check your-layer` checks every layer
// in the list against the numerical gradient: dx and every parameter gradient, linearity in
// dout, determinism, shapes. For example, softplus: y = log(1 + eˣ), dx = dout · σ(x) (this
// sample is compiled and checked in Tests/GradLabCommandsTests/ExerciseCodeSamples.swift):
//
// ```swift
// struct Softplus: Layer {
//     private var input: Tensor?
//     mutating func forward(_ x: Tensor) -> Tensor {
//         input = x
//         return x.map { log(1 + exp($0)) }
//     }
//     mutating func backward(_ dout: Tensor) -> Tensor {
//         dout * sigmoid(input!)
//     }
// }
// ```
//
// Then run: swift run gradlab check your-layer
// Stuck? swift run gradlab hint your-layer (one more hint each time you ask).

/// The layers you wrote, each checked by `gradlab check your-layer`.
public let myLayers: [any Layer] = []

// To train your layer, register it here by name, one line each, for example
//
// ```swift
// LayerKind("softplus", help: "log(1 + eˣ)") { Softplus() },
// ```
//
// then `swift run -c release gradlab train --network "affine 100, softplus, affine 10"`.

/// Your layers by name, for `gradlab train --network` and `gradlab gradcheck --network`.
public let myLayerKinds: [LayerKind] = []

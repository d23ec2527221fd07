import GradLab

// Exercise 35 (backprop-through-time): a simple RNN's backward over a whole sequence.
//
// Forward ran the step of exercise 34 T times from h₀ = 0, the same Wx, Wh and b at every step,
// and returned every state: h₁ … h_T (N×T×H). `steps[t]` holds what step t remembered (its
// input x, the previous state and its output h). Given dout = dL/dh for every step (N×T×H),
// return dx (N×T×D) and the parameters' gradients:
//
//     for t = T … 1 (last step first):
//         dhₜ = doutₜ + (what step t + 1 sent back to hₜ; 0 after the last step)
//         run step t backward with dhₜ   → dxₜ, and dhₜ₋₁ to send back, and this step's dWx, dWh, db
//     dWx, dWh, db = the sums over the steps (the same weights served every step)
//
// hₜ reaches the loss by two paths, straight out (doutₜ) and through every later step (via
// hₜ₊₁): their gradients add, as at any fork (exercise 6). Use the library's step backward,
// `SimpleRNN.stepBackward(dh, step: steps[t], inputWeight:, recurrentWeight:)`, whose result has
// `.input`, `.previous`, `.inputWeight`, `.recurrentWeight` and `.bias`. `dout.timeStep(t)` is
// doutₜ (N×H), and `Tensor.stack(dxs, alongAxis: 1)` stacks T matrices N×D into N×T×D.
//
// The check runs your backward in an RNN layer through `checkLayer` (dx, Wx, Wh and b against
// central differences, on 2 sequences of 5 steps).
//
// Then run: swift run gradlab check backprop-through-time
// Stuck? swift run gradlab hint backprop-through-time (one more hint each time you ask).

/// Your backprop through time: dx and the summed dWx, dWh, db of a simple RNN over a sequence.
public func myRNNBackward(dout: Tensor, steps: [SimpleRNN.Step], inputWeight: Tensor, recurrentWeight: Tensor) throws
    -> (dx: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor) {
    throw NotImplemented()
}

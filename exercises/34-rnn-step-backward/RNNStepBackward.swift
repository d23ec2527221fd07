import GradLab

// Exercise 34 (rnn-step-backward): one step of a simple RNN, backward.
//
// A simple RNN carries a state h from step to step. One step is a small Affine layer on the
// input and the previous state, squashed by tanh (CS231n's rnn_step_forward):
//
//     a = x · Wx + h_prev · Wh + b          x: N×D, h_prev: N×H, Wx: D×H, Wh: H×H, b: H
//     h = tanh(a)                           h: N×H
//
// Given dh = dL/dh (N×H) and what forward remembered (x, h_prev and the output h), return the
// gradients of all five inputs of the step:
//
//     da      = dh ⊙ tanh′(a)              tanh′(a) = 1 − h², written with the output
//     dx      = da · Wxᵀ                   dh_prev = da · Whᵀ
//     dWx     = xᵀ · da                    dWh     = h_prevᵀ · da           db = Σₙ da
//
// h_prev enters the step exactly as x does, through its own weight matrix: dh_prev is what
// this step sends back to the step before (exercise 35 uses it). `Tensor.matmul(a, b,
// transposeB: true)` is a · bᵀ, `Tensor.matmul(a, transposeA: true, b)` is aᵀ · b, and
// `t.sum(alongAxis: 0)` sums over the batch.
//
// The check compares all five with central differences at CS231n's sizes (N, D, H = 4, 5, 6).
//
// Then run: swift run gradlab check rnn-step-backward
// Stuck? swift run gradlab hint rnn-step-backward (one more hint each time you ask).

/// Your RNN step backward: dx, dh_prev, dWx, dWh and db from dh and what forward remembered.
public func myRNNStepBackward(dh: Tensor, x: Tensor, previous: Tensor, output h: Tensor, inputWeight: Tensor,
                              recurrentWeight: Tensor) throws
    -> (dx: Tensor, dPrevious: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor) {
    throw NotImplemented()
}

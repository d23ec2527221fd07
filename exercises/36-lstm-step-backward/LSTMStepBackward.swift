import GradLab

// Exercise 36 (lstm-step-backward): one step of an LSTM, backward.
//
// An LSTM step (CS231n's lstm_step_forward) computes four gates from one product and updates
// a cell c beside the state h:
//
//     a = x · Wx + h_prev · Wh + b         N×4H, the gates side by side in the order i, f, o, g
//     i = σ(a₀), f = σ(a₁), o = σ(a₂)      input, forget and output gates (N×H each)
//     g = tanh(a₃)                         the candidate
//     c = f ⊙ c_prev + i ⊙ g               the new cell
//     h = o ⊙ tanh(c)                      the new state
//
// `step` holds all of these: step.input (x), .previousHidden, .previousCell, .inputGate (i),
// .forgetGate (f), .outputGate (o), .candidate (g), .cell (c), .cellTanh (tanh c) and .hidden.
// Given dHidden = dL/dh and dCell = dL/dc from the steps after (both N×H), return
//
//     dx, dh_prev, dc_prev, dWx, dWh, db
//
// Go backward through the lines above, last first. Two things to watch: c reaches the loss
// both through dCell and through h = o ⊙ tanh(c), so their gradients add; and σ′ = y(1 − y),
// tanh′ = 1 − y², each written with the gate's own value. Join the four gates' gradients into
// one N×4H da with `Tensor.concatenate([di, df, do, dg], alongAxis: 1)` (in the order i, f,
// o, g), then finish as an Affine layer: dx = da · Wxᵀ, dWx = xᵀ · da, and so on.
//
// The check compares all six with central differences at N, D, H = 4, 5, 6.
//
// Then run: swift run gradlab check lstm-step-backward
// Stuck? swift run gradlab hint lstm-step-backward (one more hint each time you ask).

/// Your LSTM step backward: every gradient of the step from dL/dh and dL/dc.
public func myLSTMStepBackward(dHidden: Tensor, dCell: Tensor, step: LSTM.Step, inputWeight: Tensor, recurrentWeight: Tensor) throws
    -> (dx: Tensor, dPreviousHidden: Tensor, dPreviousCell: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor) {
    throw NotImplemented()
}

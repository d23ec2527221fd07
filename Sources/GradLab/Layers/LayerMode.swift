/// Whether a network is learning or being used: Keras's `training=` argument, PyTorch's
/// `train()` and `eval()`, the book's `train_flg`.
///
/// Most layers compute the same function in both modes. Two do not:
///
/// ```
///                 training                          inference
/// Dropout         drops units at random, ×1/(1−p)   passes everything through
/// BatchNorm       normalizes by the batch's own     normalizes by the running mean and
///                 mean and variance (and updates    variance gathered during training
///                 the running averages)
/// ```
///
/// `Sequential`'s `predict`, `loss` and `accuracy` run in inference; its gradients and the
/// trainer's steps run in training. The mode is an argument, not a setting stored in the layer,
/// so a layer value never carries a mode left over from somewhere else.
public enum LayerMode: Sendable, Equatable {
    /// Learning: the forward pass that a backward pass follows.
    case training
    /// Using the network: predictions, evaluation, the validation loss.
    case inference
}

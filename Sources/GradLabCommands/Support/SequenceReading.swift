import GradLab

/// `--sequence rows|columns`: how `train` and `gradcheck` read an image as a sequence for a
/// network that starts with a recurrent layer (`rnn H`, `lstm H`).
///
/// ```
/// rows      28 time steps, one per row from top to bottom, each 28 pixels   [28, 28]
/// columns   28 time steps, one per column from left to right                 [28, 28], transposed
/// ```
///
/// Rows need nothing but a new view of the flat pixels ([N, 784] → [N, 28, 28]). Columns are
/// the same view with each image transposed, which the network does in its first layer: the
/// description gets `swap-axes` in front, so the saved model and the report say what was trained.
enum SequenceReading: String, CaseIterable, Sendable {
    /// Each row of pixels is a time step.
    case rows
    /// Each column of pixels is a time step.
    case columns

    /// The option, shared by `train` and `gradcheck`.
    static let option = Option<SequenceReading?>(
        "sequence", "ORDER",
        help: "Read each image as a sequence, for a --network that starts with rnn H or lstm H: rows (28 time steps of 28 pixels, top to bottom) or columns (left to right).")

    /// The network description to build: `specification` itself for rows, with `swap-axes` in
    /// front for columns.
    func specification(_ specification: String) -> String {
        switch self {
        case .rows: specification
        case .columns: "swap-axes, " + specification
        }
    }
}

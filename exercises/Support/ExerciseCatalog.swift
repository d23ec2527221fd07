/// Every exercise, in the order of the books: Saitoh's chapters 4 to 6, then the seeds
/// (Chollet's chapter 2), then three that go beyond both and your own layer, then six on deep
/// networks (Saitoh 6.2–6.4 and the seeds' TF notes, §7 to §9), then five on convolutions
/// (Saitoh 7, the TF notes §8), then three through time (recurrent networks, the TF notes' §9), and the autoencoder's loss (§10).
///
/// Each exercise is one folder, `exercises/NN-id/`, whose `+Check.swift` file defines it as a
/// static property of `Exercise`; registering it is the one line below.
public enum ExerciseCatalog {
    /// The exercises in order.
    public static let all: [Exercise] = [
        .numericalDerivative,
        .bestStep,
        .numericalGradientExercise,
        .gradientDescentExercise,
        .multiplyBackward,
        .addBackward,
        .sigmoidBackward,
        .reluBackward,
        .tanhBackward,
        .leakyReLUBackward,
        .affineBackward,
        .softmaxWithLossBackward,
        .twoLayerNetGradient,
        .sgdUpdate,
        .momentumUpdate,
        .adamUpdate,
        .sequentialParameters,
        .tapeBackward,
        .floatVersusDouble,
        .sigmoidBeforeSoftmax,
        .bugHunt,
        .yourLayer,
        .vanishingGradient,
        .batchNormBackward,
        .weightDecayGradient,
        .dropoutBackward,
        .residualBackward,
        .clipByGlobalNormExercise,
        .im2colExercise,
        .col2imExercise,
        .convolutionForward,
        .convolutionBackwardExercise,
        .maxPoolingBackward,
        .rnnStepBackward,
        .backpropThroughTime,
        .lstmStepBackward,
        .sigmoidBCEBackward,
    ]

    /// The exercise with the given id.
    public static func exercise(id: String) -> Exercise? { all.first { $0.id == id } }
}

namespace Strata.Training;

/// <summary>What <see cref="EarlyStopping"/> watches, measured on the evaluation set after every epoch.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The mean cross-entropy on the evaluation set (Keras's <c>val_loss</c>); lower is better.</summary>
    EvalLoss,

    /// <summary>The accuracy on the evaluation set (Keras's <c>val_accuracy</c>); higher is better.</summary>
    EvalAccuracy,
}

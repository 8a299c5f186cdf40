namespace Strata.Training;

/// <summary>
/// What <see cref="Trainer"/> trains on: a number of samples, and how a batch of them runs through a model and is scored
/// by a loss. The library's sets are <see cref="ClassificationSet"/> (images or feature vectors, softmax
/// cross-entropy), <see cref="SequenceClassificationSet"/> (token sequences with their lengths, one class each),
/// <see cref="SequenceTaggingSet"/> (one class per valid token) and <see cref="RegressionSet"/> (squared error);
/// implement it for any other model and loss.
/// </summary>
public interface ITrainingSet
{
    /// <summary>The number of samples; an epoch visits each once.</summary>
    int Count { get; }

    /// <summary>
    /// Checks that <paramref name="model"/> suits this set (input shape, output shape, class count) and returns what runs
    /// its batches through that model: the tensors and loss buffers it reuses for every batch, released on dispose.
    /// Throws <see cref="ArgumentException"/>, naming both shapes, when the model does not suit the set.
    /// </summary>
    IBatchRunner Open(IModel model);
}

using Strata.Data;

namespace Strata.Training;

/// <summary>
/// Token sequences of different lengths with one class each (sentiment, topic), for a many-to-one sequence model (an
/// embedding, recurrent or attention layers, and a read-out whose output is [classes]) trained with softmax
/// cross-entropy. Each batch is padded only to its own longest sequence, and the lengths make every sequence end at its
/// own last valid step.
/// </summary>
public sealed class SequenceClassificationSet : ITrainingSet
{
    private readonly int[] _labels;

    /// <summary>
    /// Pairs <paramref name="sequences"/> with <paramref name="labels"/> (one class in [0, <paramref name="classCount"/>)
    /// per sequence, copied). Throws <see cref="ArgumentException"/> when the counts differ, a label is out of range or
    /// there are no sequences.
    /// </summary>
    public SequenceClassificationSet(PaddedSequences sequences, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (labels.Length != sequences.Count)
        {
            throw new ArgumentException($"Expected one label per sequence, {sequences.Count}, got {labels.Length}.", nameof(labels));
        }

        if (sequences.Count == 0)
        {
            throw new ArgumentException("There are no sequences.", nameof(sequences));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; expected a class in [0, {classCount}).", nameof(labels));
            }
        }

        Sequences = sequences;
        _labels = labels.ToArray();
        ClassCount = classCount;
    }

    /// <summary>The token sequences.</summary>
    public PaddedSequences Sequences { get; }

    /// <summary>Each sequence's class.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <inheritdoc />
    public int Count => Sequences.Count;

    /// <inheritdoc />
    public IBatchRunner Open(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sequenceModel = SequenceBatches.TokenModel(model);
        TrainingChecks.ClassifierOutput(model, "[classes] per sequence (ReturnSequences = false)");
        if (ClassCount > model.OutputShape[0])
        {
            throw new ArgumentException($"The set has {ClassCount} classes, but the model outputs {model.OutputShape[0]} logits.", nameof(model));
        }

        return new Runner(new SequenceBatches(sequenceModel, Sequences), sequenceModel, _labels);
    }

    private sealed class Runner(SequenceBatches batches, IModel model, int[] labels) : IBatchRunner
    {
        private readonly SoftmaxCrossEntropy _loss = new();
        private int[] _batchLabels = [];

        public bool MeasuresAccuracy => true;

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward) => Run(samples, backward, []);

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward, ReadOnlySpan<int> next)
        {
            if (_batchLabels.Length != samples.Length)
            {
                _batchLabels = new int[samples.Length];
            }

            for (var i = 0; i < samples.Length; i++)
            {
                _batchLabels[i] = labels[samples[i]];
            }

            var logits = batches.Forward(samples, next);
            var gradient = batches.GradientFor(logits);
            var score = _loss.Score(logits, _batchLabels, gradient);
            if (backward)
            {
                model.Backward(gradient);
            }

            batches.Release();
            return score;
        }

        public void Dispose() => batches.Dispose();
    }
}

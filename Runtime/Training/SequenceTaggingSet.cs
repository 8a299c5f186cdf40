using Strata.Data;

namespace Strata.Training;

/// <summary>
/// Token sequences with one tag per token (slot filling, part-of-speech, named entities), for a sequence model that
/// returns every step's [tags] logits (ReturnSequences = true), trained with the per-token softmax cross-entropy averaged
/// over the valid tokens (<see cref="SequenceCrossEntropy"/>); padding contributes neither loss nor gradient. Accuracy
/// counts valid tokens.
/// </summary>
public sealed class SequenceTaggingSet : ITrainingSet
{
    /// <summary>
    /// Pairs <paramref name="tokens"/> with <paramref name="tags"/>, which must have the same count and the same length
    /// per sequence (tags in [0, <paramref name="tagCount"/>)). Throws <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public SequenceTaggingSet(PaddedSequences tokens, PaddedSequences tags, int tagCount)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentOutOfRangeException.ThrowIfLessThan(tagCount, 1);
        if (tokens.Count != tags.Count || tokens.Count == 0)
        {
            throw new ArgumentException($"Expected as many tag rows as token rows (at least one), got {tags.Count} and {tokens.Count}.", nameof(tags));
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens.Lengths[i] != tags.Lengths[i])
            {
                throw new ArgumentException($"Sequence {i} has {tokens.Lengths[i]} tokens but {tags.Lengths[i]} tags.", nameof(tags));
            }

            foreach (var tag in tags.Row(i)[..tags.Lengths[i]])
            {
                if ((uint)tag >= (uint)tagCount)
                {
                    throw new ArgumentException($"Sequence {i} has tag {tag}; expected tags in [0, {tagCount}).", nameof(tags));
                }
            }
        }

        (Tokens, Tags, TagCount) = (tokens, tags, tagCount);
    }

    /// <summary>The token sequences.</summary>
    public PaddedSequences Tokens { get; }

    /// <summary>The tags, one per token.</summary>
    public PaddedSequences Tags { get; }

    /// <summary>The number of tags.</summary>
    public int TagCount { get; }

    /// <inheritdoc />
    public int Count => Tokens.Count;

    /// <inheritdoc />
    public IBatchRunner Open(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sequenceModel = SequenceBatches.TokenModel(model);
        TrainingChecks.ClassifierOutput(model, "[steps, tags] (ReturnSequences = true)", rank: 2);
        if (TagCount > model.OutputShape[1])
        {
            throw new ArgumentException($"The set has {TagCount} tags, but the model outputs {model.OutputShape[1]} logits per step.", nameof(model));
        }

        return new Runner(new SequenceBatches(sequenceModel, Tokens), sequenceModel, Tags);
    }

    private sealed class Runner(SequenceBatches batches, IModel model, PaddedSequences tags) : IBatchRunner
    {
        private readonly SequenceCrossEntropy _loss = new();
        private int[] _targets = [];

        public bool MeasuresAccuracy => true;

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward) => Run(samples, backward, []);

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward, ReadOnlySpan<int> next)
        {
            var logits = batches.Forward(samples, next);
            var size = samples.Length * batches.Steps;
            if (_targets.Length < size)
            {
                _targets = new int[size];
            }

            // The tokens' gather fixed the batch's padded length; the tags have the same lengths, so they fill the same
            // slots. Past each length the loss reads no target.
            var targets = _targets.AsSpan(0, size);
            for (var i = 0; i < samples.Length; i++)
            {
                tags.Row(samples[i])[..batches.Steps].CopyTo(targets.Slice(i * batches.Steps, batches.Steps));
            }

            var gradient = batches.GradientFor(logits);
            var (loss, total, correct) = _loss.Score(logits, targets, gradient, batches.Lengths);
            if (backward)
            {
                model.Backward(gradient);
            }

            batches.Release();
            return new BatchScore(loss, total, correct);
        }

        public void Dispose() => batches.Dispose();
    }
}

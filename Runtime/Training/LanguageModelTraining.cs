using System.Diagnostics;
using Strata.Data;
using Strata.Distributed;

namespace Strata.Training;

/// <summary>
/// d2l's <c>train_ch8</c> with sequential partitioning: every epoch starts from a zero state at a random offset, carries
/// each row's state from batch to batch (truncated BPTT over <c>steps</c>), averages the cross-entropy over all
/// positions, clips the gradient's global norm and takes a plain SGD step.
/// </summary>
public sealed class LanguageModelTraining : IDisposable
{
    private readonly ISequenceModel _model;
    private readonly SequentialPartitioner _partitioner;
    private readonly Sgd _optimizer;
    private readonly float _clipNorm;
    private readonly SequenceCrossEntropy _loss = new();
    private readonly float[] _hostInputs;
    private readonly int[] _targets;
    private readonly Tensor _inputs;
    private readonly DataParallel? _distributed;
    private readonly ShardRange _rows;
    private Tensor? _gradLogits;

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="tokens"/>; <paramref name="seed"/> fixes the epoch offsets.
    /// Epochs set the model's <see cref="ISequenceModel.CarryState"/> to true and leave it so; call
    /// <see cref="ISequenceModel.ResetState"/> before running it on batches of another size.
    /// <para>
    /// With <paramref name="distributed"/>, trains data-parallel: every rank builds the same partition of the corpus and
    /// takes its own rows of every batch (<see cref="DistributedSampler"/>: always the same rows, so each row's carried
    /// state stays on one rank), the gradients are averaged before the clipping (so the global norm, and the step, are the
    /// same everywhere) and the epoch's perplexity is that of every rank's tokens. Rank 0's initial weights are broadcast
    /// here. The batch size must be at least the number of ranks.
    /// </para>
    /// </summary>
    public LanguageModelTraining(
        ISequenceModel model, int[] tokens, int batchSize, int steps, float learningRate, float clipNorm, int seed,
        DataParallel? distributed = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(clipNorm > 0 && float.IsFinite(clipNorm)))
        {
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clipping norm must be a positive finite number.");
        }

        _model = model;
        _partitioner = new SequentialPartitioner(tokens, batchSize, steps, seed);
        _optimizer = new Sgd(model.Parameters, learningRate);
        _clipNorm = clipNorm;
        _hostInputs = new float[batchSize * steps];
        _targets = new int[batchSize * steps];
        _distributed = distributed;
        _rows = distributed?.Shard(batchSize) ?? new ShardRange(0, batchSize);
        if (_rows.Count == 0)
        {
            throw new ArgumentException(
                $"A batch of {batchSize} row(s) leaves rank {distributed!.Rank} of {distributed.Size} without any; use a batch of at least {distributed.Size}.",
                nameof(batchSize));
        }

        distributed?.Start(model, ["tokens", "batch size", "steps", "seed"], [tokens.Length, batchSize, steps, seed]);
        _inputs = model.Device.Allocate(_rows.Count, steps);
    }

    /// <summary>Runs one pass over the corpus.</summary>
    public LanguageModelEpoch RunEpoch()
    {
        var clock = Stopwatch.StartNew();
        var perplexity = new Perplexity();
        var batches = _partitioner.StartEpoch();
        _model.Train();
        _model.CarryState = true;
        _model.ResetState();
        var steps = _partitioner.Steps;
        var localInputs = _hostInputs.AsSpan(_rows.Offset * steps, _rows.Count * steps);
        var localTargets = _targets.AsSpan(_rows.Offset * steps, _rows.Count * steps);
        for (var i = 0; i < batches; i++)
        {
            _partitioner.Batch<float>(i, _hostInputs, _targets);
            _inputs.CopyFrom(localInputs);
            var logits = _model.Forward(_inputs, null);
            _gradLogits ??= _model.Device.Allocate(logits.Shape);
            var loss = _loss.Compute(logits, localTargets, _gradLogits);
            _distributed?.BeginBackward(_model, _rows.Count, _partitioner.BatchSize);
            _model.Backward(_gradLogits);
            _distributed?.AverageGradients(_model, _rows.Count, _partitioner.BatchSize);
            GradientClipping.ClipByGlobalNorm(_model.Parameters, _clipNorm);
            _optimizer.Step();
            perplexity.Add(loss, localTargets.Length);
        }

        if (_distributed is { } distributed)
        {
            Span<double> sums = [perplexity.MeanCrossEntropy * perplexity.Tokens, perplexity.Tokens];
            distributed.Sum(sums);
            return new LanguageModelEpoch(Perplexity.FromCrossEntropy(sums[0] / sums[1]), sums[1] / clock.Elapsed.TotalSeconds);
        }

        return new LanguageModelEpoch(perplexity.Value, perplexity.Tokens / clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inputs.Dispose();
        _gradLogits?.Dispose();
    }
}

using System.Diagnostics;
using Strata.Data;

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
    private Tensor? _gradLogits;

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="tokens"/>; <paramref name="seed"/> fixes the epoch offsets.
    /// Epochs set the model's <see cref="ISequenceModel.CarryState"/> to true and leave it so; call
    /// <see cref="ISequenceModel.ResetState"/> before running it on batches of another size.
    /// </summary>
    public LanguageModelTraining(
        ISequenceModel model, int[] tokens, int batchSize, int steps, float learningRate, float clipNorm, int seed)
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
        _inputs = model.Device.Allocate(batchSize, steps);
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
        for (var i = 0; i < batches; i++)
        {
            _partitioner.Batch<float>(i, _hostInputs, _targets);
            _inputs.CopyFrom(_hostInputs);
            var logits = _model.Forward(_inputs, null);
            _gradLogits ??= _model.Device.Allocate(logits.Shape);
            var loss = _loss.Compute(logits, _targets, _gradLogits);
            _model.Backward(_gradLogits);
            GradientClipping.ClipByGlobalNorm(_model.Parameters, _clipNorm);
            _optimizer.Step();
            perplexity.Add(loss, _targets.Length);
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

using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Strata.Data;

namespace Strata.Training;

/// <summary>
/// Trains a classifier with softmax cross-entropy: shuffled mini-batches (the same order for the same seed, the last
/// partial batch included), a live progress bar on an interactive console, and one line of metrics per epoch; optionally
/// a learning-rate <see cref="Schedule"/> applied at every step and <see cref="EarlyStopping"/> on an evaluation metric.
/// Input, label and gradient buffers are allocated once per batch size.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly IModel _model;
    private readonly IOptimizer _optimizer;
    private readonly SoftmaxCrossEntropy _loss = new();
    private readonly Dictionary<int, BatchBuffers> _buffers = [];
    private int _step;

    /// <summary>Trains <paramref name="model"/>'s parameters with <paramref name="optimizer"/>.</summary>
    public Trainer(IModel model, IOptimizer optimizer)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (model.OutputShape.Count != 1)
        {
            throw new ArgumentException(
                $"The trainer needs a classifier whose output is [classes], got [{string.Join(", ", model.OutputShape)}].",
                nameof(model));
        }

        if (model.OutputsProbabilities)
        {
            throw new ArgumentException(
                $"The trainer's softmax cross-entropy applies its own softmax to the model's output, but {model.GetType().Name} already ends in a softmax, " +
                "so training would apply it twice and learn slowly if at all. Remove the final [Softmax] and train on the logits; apply the softmax " +
                "afterwards when you need probabilities.",
                nameof(model));
        }
    }

    /// <summary>Where progress and per-epoch lines go; null prints nothing. Defaults to <see cref="AnsiConsole.Console"/>.</summary>
    public IAnsiConsole? Output { get; init; } = AnsiConsole.Console;

    /// <summary>
    /// The learning rate of every optimiser step, set on the optimiser before each step; steps are counted from 0 at the
    /// start of each <see cref="Fit"/> call, across its epochs. Null leaves the optimiser's rate alone.
    /// </summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Stops training when an evaluation metric stops improving (and can restore the best epoch's weights); needs an
    /// evaluation set in <see cref="Fit"/>. Null trains every epoch.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// The optimiser steps in one epoch over <paramref name="sampleCount"/> samples: ⌈samples / batch⌉, the last partial
    /// batch included. Multiply by the epochs for a schedule's total steps.
    /// </summary>
    public static int StepsPerEpoch(int sampleCount, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return (int)(((long)sampleCount + batchSize - 1) / batchSize);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs (fewer when <see cref="EarlyStopping"/> stops it) and returns the
    /// metrics of each. With <paramref name="evaluation"/>, measures its loss and accuracy after every epoch.
    /// <paramref name="showProgress"/> shows a live bar when the console is interactive (never when output is
    /// redirected); the per-epoch lines are printed either way.
    /// </summary>
    public TrainingHistory Fit(
        Dataset train, int epochs, int batchSize, int seed, Dataset? evaluation = null, bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckFits(train, nameof(train));
        if (evaluation is not null)
        {
            CheckFits(evaluation, nameof(evaluation));
        }

        if (train.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        if (EarlyStopping is not null && evaluation is null)
        {
            throw new ArgumentException(
                $"Early stopping watches {EarlyStopping.Metric} on an evaluation set; pass one to Fit.", nameof(evaluation));
        }

        // A schedule made for fewer steps than the run fails here, before any training, rather than part-way.
        _step = 0;
        Schedule?.LearningRateAt((int)Math.Min(int.MaxValue, (long)StepsPerEpoch(train.Count, batchSize) * epochs - 1));

        var random = new Random(seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var history = new List<EpochMetrics>(epochs);
        var stopping = EarlyStopping;
        var best = (Epoch: (int?)null, Value: (double?)null, Waited: 0);
        var bestWeights = stopping is { RestoreBestWeights: true } ? new ParameterSnapshot(_model.Parameters) : null;
        var stoppedEarly = false;
        for (var epoch = 1; epoch <= epochs && !stoppedEarly; epoch++)
        {
            random.Shuffle(order);
            var clock = Stopwatch.StartNew();
            var description = $"epoch {epoch}/{epochs}";
            var (loss, correct) = showProgress && Output?.Profile.Capabilities is { Interactive: true, Ansi: true }
                ? Output.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask(description, maxValue: train.Count);
                        var lastShown = TimeSpan.Zero;
                        return TrainEpoch(train, order, batchSize, (seen, runningLoss, imagesPerSecond) =>
                        {
                            task.Value = seen;

                            // The display refreshes ten times a second; formatting more often only makes garbage.
                            if (clock.Elapsed - lastShown >= TimeSpan.FromSeconds(0.1))
                            {
                                lastShown = clock.Elapsed;
                                task.Description = Format($"{description}  loss {runningLoss:F4}  {imagesPerSecond:N0} img/s");
                            }
                        });
                    })
                : TrainEpoch(train, order, batchSize, onBatch: null);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var (evalLoss, evalAccuracy) = evaluation is null ? (null, null) : Measure(evaluation, batchSize);
            var metrics = new EpochMetrics(
                epoch, loss, (float)correct / train.Count, evalAccuracy, evalLoss, train.Count / trainSeconds,
                clock.Elapsed.TotalSeconds, _optimizer.LearningRate);
            history.Add(metrics);
            Output?.WriteLine(Describe(metrics, epochs));
            if (stopping is not null)
            {
                var value = stopping.ValueOf(metrics);
                if (stopping.IsImprovement(value, best.Value))
                {
                    best = (epoch, value, 0);
                    bestWeights?.Capture();
                }
                else if (++best.Waited >= stopping.Patience && epoch < epochs)
                {
                    stoppedEarly = true;
                    Output?.WriteLine(Format(
                        $"stopped early: best {stopping.Metric} {best.Value:G5} at epoch {best.Epoch}, none better in {best.Waited}"));
                }
            }
        }

        var restored = bestWeights is not null && best.Epoch != history.Count;
        if (restored)
        {
            bestWeights!.Restore();
            Output?.WriteLine(Format($"restored the weights of epoch {best.Epoch}"));
        }

        return new TrainingHistory(history, best.Epoch, stoppedEarly, restored);
    }

    /// <summary>
    /// The fraction of <paramref name="data"/> the model classifies correctly, in [0, 1]. Runs in evaluation mode and
    /// restores the previous mode afterwards.
    /// </summary>
    public float Evaluate(Dataset data, int batchSize) => Measure(data, batchSize).Accuracy!.Value;

    /// <summary>The mean cross-entropy and the accuracy on <paramref name="data"/>, in evaluation mode.</summary>
    private (float? Loss, float? Accuracy) Measure(Dataset data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckFits(data, nameof(data));
        if (data.Count == 0)
        {
            throw new ArgumentException("The evaluation set is empty.", nameof(data));
        }

        var wasTraining = _model.IsTraining;
        _model.Eval();
        try
        {
            var correct = 0;
            var totalLoss = 0.0;
            for (var start = 0; start < data.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, data.Count - start);
                var buffers = BuffersFor(count);
                data.Features.Slice(start * data.SampleSize, count * data.SampleSize).CopyTo(buffers.HostInput);
                data.Labels.Slice(start, count).CopyTo(buffers.Labels);
                buffers.Upload();
                var logits = _model.Forward(buffers.Input);
                totalLoss += (double)_loss.Compute(logits, buffers.Labels, buffers.Gradient) * count;
                correct += _loss.CountCorrect(logits, buffers.Labels);
            }

            return ((float)(totalLoss / data.Count), (float)correct / data.Count);
        }
        finally
        {
            if (wasTraining)
            {
                _model.Train();
            }
        }
    }

    /// <summary>Releases the batch buffers (GPU memory for GPU models).</summary>
    public void Dispose()
    {
        foreach (var buffers in _buffers.Values)
        {
            buffers.Dispose();
        }

        _buffers.Clear();
    }

    /// <summary>One pass over <paramref name="order"/>; returns the sample-weighted mean loss and the correct count.</summary>
    private (float Loss, int Correct) TrainEpoch(
        Dataset train, int[] order, int batchSize, Action<int, double, double>? onBatch)
    {
        _model.Train();
        var clock = Stopwatch.StartNew();
        var totalLoss = 0.0;
        var correct = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, order.Length - start);
            var buffers = BuffersFor(count);
            var input = buffers.HostInput;
            for (var i = 0; i < count; i++)
            {
                var index = order[start + i];
                train.Sample(index).CopyTo(input.Slice(i * train.SampleSize, train.SampleSize));
                buffers.Labels[i] = train.Label(index);
            }

            buffers.Upload();
            var logits = _model.Forward(buffers.Input);
            var loss = _loss.Compute(logits, buffers.Labels, buffers.Gradient);
            correct += _loss.CountCorrect(logits, buffers.Labels);
            _model.Backward(buffers.Gradient);
            if (Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.LearningRateAt(_step);
            }

            _optimizer.Step();
            _step++;

            totalLoss += (double)loss * count;
            var seen = start + count;
            onBatch?.Invoke(seen, totalLoss / seen, seen / clock.Elapsed.TotalSeconds);
        }

        return ((float)(totalLoss / order.Length), correct);
    }

    private BatchBuffers BuffersFor(int batchSize)
    {
        if (!_buffers.TryGetValue(batchSize, out var buffers))
        {
            buffers = new BatchBuffers(_model.Device, batchSize, _model.InputShape, _model.OutputShape);
            _buffers.Add(batchSize, buffers);
        }

        return buffers;
    }

    private void CheckFits(Dataset data, string name)
    {
        if (!data.SampleShape.SequenceEqual(_model.InputShape))
        {
            throw new ArgumentException(
                $"The model takes samples shaped [{string.Join(", ", _model.InputShape)}], but the dataset's are " +
                $"[{string.Join(", ", data.SampleShape)}].", name);
        }

        if (data.ClassCount > _model.OutputShape[0])
        {
            throw new ArgumentException(
                $"The dataset has {data.ClassCount} classes, but the model outputs {_model.OutputShape[0]} logits.", name);
        }
    }

    private static string Describe(EpochMetrics m, int epochs)
    {
        var width = epochs.ToString(CultureInfo.InvariantCulture).Length;
        var evaluation = m.EvalAccuracy is { } accuracy ? Format($"  eval {100 * accuracy:F2}%") : "";
        return Format(
            $"epoch {m.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  loss {m.Loss:F4}  train {100 * m.TrainAccuracy:F2}%{evaluation}  {m.ImagesPerSecond:N0} img/s  {m.Seconds:F1} s");
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Strata.Data;
using Strata.Distributed;
using Strata.IO;

namespace Strata.Training;

/// <summary>
/// Trains a classifier with softmax cross-entropy: shuffled mini-batches (the same order for the same seed, the last
/// partial batch included), a live progress bar on an interactive console, and one line of metrics per epoch; optionally
/// a learning-rate <see cref="Schedule"/> applied at every step and <see cref="EarlyStopping"/> on an evaluation metric.
/// Input, label and gradient buffers are allocated once per batch size. With <see cref="CheckpointPath"/> it writes a
/// <see cref="Checkpoint"/> after every epoch, and <see cref="Fit"/>'s <c>resumeFrom</c> continues from one: on the
/// CPU at a fixed thread count, a resumed run ends with the same weights, bit for bit, as one that never stopped.
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
    /// start of each <see cref="Fit"/> call, across its epochs (from the checkpoint's step when it resumes). Null leaves
    /// the optimiser's rate alone.
    /// </summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Stops training when an evaluation metric stops improving (and can restore the best epoch's weights); needs an
    /// evaluation set in <see cref="Fit"/>. Null trains every epoch.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// Where a <see cref="Checkpoint"/> is written after every epoch (atomically, replacing the previous one): the model,
    /// the optimiser's state, the epoch, the step, the shuffling generator's state, the history so far and the early
    /// stopping state (with the best weights when they are to be restored). Null writes none. Needs an
    /// <see cref="IResumableOptimizer"/>.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Trains data-parallel over several processes (<see cref="DataParallel.Mpi"/>, started with
    /// <c>mpiexec.mpich -n N</c>): every rank calls <see cref="Fit"/> with the same arguments; the batch size is the
    /// global one, which <see cref="DistributedSampler"/> splits into one shard per rank; rank 0's initial weights are
    /// broadcast, the gradients averaged before every step, the epoch's metrics summed over ranks and BatchNorm's running
    /// statistics averaged after every epoch, so every rank ends with the same weights. Only rank 0 prints (the other
    /// ranks ignore <see cref="Output"/>) and writes <see cref="CheckpointPath"/>; every rank reads <c>resumeFrom</c>,
    /// which may have been written with another number of ranks. A rank that throws during training aborts every rank
    /// (see <see cref="DataParallel.Fail"/>). <see cref="Evaluate"/> shards the data too, so every rank must call it.
    /// Null (the default) trains in this process alone.
    /// </summary>
    public DataParallel? Distributed { get; init; }

    /// <summary>Where this process prints: <see cref="Output"/>, or nothing on a rank other than 0.</summary>
    private IAnsiConsole? Shown => Distributed is { IsRoot: false } ? null : Output;

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
    /// redirected); the per-epoch lines are printed either way. Each epoch visits the samples in an order drawn by a
    /// <see cref="Philox"/> generator seeded with <paramref name="seed"/>.
    /// <para>
    /// <paramref name="resumeFrom"/> continues the run a <see cref="Checkpoint"/> written by <see cref="CheckpointPath"/>
    /// stopped: it restores the model, the optimiser, the step (so a schedule goes on where it was), the shuffling
    /// generator, the history and the early-stopping state, then trains the epochs after the checkpoint's up to
    /// <paramref name="epochs"/>; the returned history covers all of them. The training set's size, the batch size and
    /// the seed must be the checkpoint's (<see cref="ArgumentException"/> otherwise); a damaged or mismatched file is an
    /// <see cref="InvalidDataException"/>, with the model and optimiser left as they were.
    /// </para>
    /// </summary>
    public TrainingHistory Fit(
        Dataset train, int epochs, int batchSize, int seed, Dataset? evaluation = null, bool showProgress = true,
        string? resumeFrom = null)
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

        var resumable = _optimizer as IResumableOptimizer;
        if ((CheckpointPath is not null || resumeFrom is not null) && resumable is null)
        {
            throw new ArgumentException(
                $"Checkpoints hold the optimiser's state, and {_optimizer.GetType().Name} cannot save it (it is not an {nameof(IResumableOptimizer)}).");
        }

        // A schedule made for fewer steps than the run fails here, before any training, rather than part-way.
        _step = 0;
        if (Distributed is { } distributed)
        {
            distributed.Start(
                _model, ["training samples", "batch size", "seed", "epochs", "evaluation samples"],
                [train.Count, batchSize, seed, epochs, evaluation?.Count ?? -1]);
        }

        Schedule?.LearningRateAt((int)Math.Min(int.MaxValue, (long)StepsPerEpoch(train.Count, batchSize) * epochs - 1));

        var shuffle = new Philox(unchecked((ulong)seed));
        var order = new int[train.Count];
        var run = new TrainerRun(epochs, EarlyStopping is { RestoreBestWeights: true } ? new ParameterSnapshot(_model.Parameters) : null);
        var stopping = EarlyStopping;
        if (resumeFrom is not null)
        {
            var checkpoint = Checkpoint.Read(resumeFrom);
            run.CheckResumable(checkpoint, train.Count, batchSize, seed, resumeFrom);
            run.Resume(checkpoint, shuffle, resumeFrom);
            checkpoint.Restore(_model, resumable);
            _step = (int)Math.Min(int.MaxValue, checkpoint.Step);
            Shown?.WriteLine(Format($"resumed from {resumeFrom} after epoch {checkpoint.Epoch}"));
        }

        var history = run.History;
        try
        {
            TrainEpochs(train, epochs, batchSize, seed, evaluation, showProgress, shuffle, order, run, stopping, resumable);
        }
        catch (Exception error) when (Distributed is { Size: > 1 } failing)
        {
            failing.Fail(error);
            throw;
        }

        var restored = run.BestWeights is not null && run.BestEpoch is { } bestEpoch && bestEpoch != history.Count;
        if (restored)
        {
            run.BestWeights!.Restore();
            Shown?.WriteLine(Format($"restored the weights of epoch {run.BestEpoch}"));
        }

        return new TrainingHistory(history.ToList(), run.BestEpoch, run.StoppedEarly, restored);
    }

    private void TrainEpochs(
        Dataset train, int epochs, int batchSize, int seed, Dataset? evaluation, bool showProgress, Philox shuffle, int[] order,
        TrainerRun run, EarlyStopping? stopping, IResumableOptimizer? resumable)
    {
        var history = run.History;
        for (var epoch = history.Count + 1; epoch <= epochs && !run.StoppedEarly; epoch++)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            shuffle.Shuffle(order.AsSpan());
            var clock = Stopwatch.StartNew();
            var description = $"epoch {epoch}/{epochs}";
            var (loss, correct) = showProgress && Shown?.Profile.Capabilities is { Interactive: true, Ansi: true }
                ? Shown.Progress()
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
            if (Distributed is { } distributed)
            {
                // Every rank reports (and early stopping decides on) the metrics of the whole epoch, and BatchNorm's running
                // statistics are made the same everywhere before the evaluation and the checkpoint.
                Span<double> sums = [loss, correct];
                distributed.Sum(sums);
                (loss, correct) = ((float)sums[0], (int)sums[1]);
                distributed.SynchronizeBuffers(_model);
            }

            var trainSeconds = clock.Elapsed.TotalSeconds;
            var (evalLoss, evalAccuracy) = evaluation is null ? (null, null) : Measure(evaluation, batchSize);
            var metrics = new EpochMetrics(
                epoch, loss, (float)correct / train.Count, evalAccuracy, evalLoss, train.Count / trainSeconds,
                clock.Elapsed.TotalSeconds, _optimizer.LearningRate);
            history.Add(metrics);
            Shown?.WriteLine(Describe(metrics, epochs));
            if (stopping is not null)
            {
                var value = stopping.ValueOf(metrics);
                if (stopping.IsImprovement(value, run.BestValue))
                {
                    (run.BestEpoch, run.BestValue, run.Waited) = (epoch, value, 0);
                    run.BestWeights?.Capture();
                }
                else if (++run.Waited >= stopping.Patience && epoch < epochs)
                {
                    run.StoppedEarly = true;
                    Shown?.WriteLine(Format(
                        $"stopped early: best {stopping.Metric} {run.BestValue:G5} at epoch {run.BestEpoch}, none better in {run.Waited}"));
                }
            }

            if (CheckpointPath is not null && Distributed is not { IsRoot: false })
            {
                run.Save(CheckpointPath, _model, resumable!, _step, shuffle, train.Count, batchSize, seed);
            }
        }
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
            // Data-parallel, each rank measures its own contiguous part of the data and the sums are combined.
            var part = Distributed?.Shard(data.Count) ?? new ShardRange(0, data.Count);
            var correct = 0;
            var totalLoss = 0.0;
            for (var start = part.Offset; start < part.Offset + part.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, part.Offset + part.Count - start);
                var buffers = BuffersFor(count);
                data.Features.Slice(start * data.SampleSize, count * data.SampleSize).CopyTo(buffers.HostInput);
                data.Labels.Slice(start, count).CopyTo(buffers.Labels);
                buffers.Upload();
                var logits = _model.Forward(buffers.Input);
                totalLoss += (double)_loss.Compute(logits, buffers.Labels, buffers.Gradient) * count;
                correct += _loss.CountCorrect(logits, buffers.Labels);
            }

            if (Distributed is { } distributed)
            {
                Span<double> sums = [totalLoss, correct];
                distributed.Sum(sums);
                (totalLoss, correct) = (sums[0], (int)sums[1]);
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

    /// <summary>
    /// One pass over <paramref name="order"/>; returns the sample-weighted mean loss and the correct count (over this
    /// rank's shards only when training data-parallel: the caller sums them, and the loss is then this rank's part of
    /// the global mean).
    /// </summary>
    private (float Loss, int Correct) TrainEpoch(
        Dataset train, int[] order, int batchSize, Action<int, double, double>? onBatch)
    {
        _model.Train();
        var clock = Stopwatch.StartNew();
        var totalLoss = 0.0;
        var correct = 0;
        var localSeen = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, order.Length - start);
            var shard = Distributed?.Shard(count) ?? new ShardRange(0, count);
            var loss = 0f;
            if (shard.Count > 0)
            {
                var buffers = BuffersFor(shard.Count);
                var input = buffers.HostInput;
                for (var i = 0; i < shard.Count; i++)
                {
                    var index = order[start + shard.Offset + i];
                    train.Sample(index).CopyTo(input.Slice(i * train.SampleSize, train.SampleSize));
                    buffers.Labels[i] = train.Label(index);
                }

                buffers.Upload();
                var logits = _model.Forward(buffers.Input);
                loss = _loss.Compute(logits, buffers.Labels, buffers.Gradient);
                correct += _loss.CountCorrect(logits, buffers.Labels);
                _model.Backward(buffers.Gradient);
            }
            else
            {
                // A last batch smaller than the number of ranks: this rank adds nothing to the sum of gradients.
                foreach (var parameter in _model.Parameters)
                {
                    if (!parameter.IsFrozen)
                    {
                        parameter.Grad.Clear();
                    }
                }
            }

            Distributed?.AverageGradients(_model, shard.Count, count);
            if (Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.LearningRateAt(_step);
            }

            _optimizer.Step();
            _step++;

            totalLoss += (double)loss * shard.Count;
            var seen = start + count;
            localSeen += shard.Count;
            onBatch?.Invoke(seen, totalLoss / Math.Max(1, localSeen), seen / clock.Elapsed.TotalSeconds);
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

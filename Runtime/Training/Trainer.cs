using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Strata.Data;
using Strata.Distributed;
using Strata.IO;

namespace Strata.Training;

/// <summary>
/// Trains any model on any <see cref="ITrainingSet"/>: image classifiers (<see cref="ClassificationSet"/>, or a
/// <see cref="Dataset"/> directly), sequence classifiers with lengths (<see cref="SequenceClassificationSet"/>), taggers
/// (<see cref="SequenceTaggingSet"/>) and regression (<see cref="RegressionSet"/>). Shuffled mini-batches (the same order
/// for the same seed, the last partial batch included), a live progress bar on an interactive console, and one line of
/// metrics per epoch; optionally a learning-rate <see cref="Schedule"/> applied at every step, gradient clipping
/// (<see cref="MaxGradientNorm"/>) and <see cref="EarlyStopping"/> on an evaluation metric. Batch tensors are allocated
/// once per batch shape. With <see cref="CheckpointPath"/> it writes a <see cref="Checkpoint"/> after every epoch, and
/// <see cref="Fit(ITrainingSet, int, int, int, ITrainingSet?, bool, string?)"/>'s <c>resumeFrom</c> continues from one:
/// on the CPU at a fixed thread count, a resumed run ends with the same weights, bit for bit, as one that never stopped.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly IModel _model;
    private readonly IOptimizer _optimizer;
    private readonly Dictionary<object, IBatchRunner> _runners = new(ReferenceEqualityComparer.Instance);
    private int _step;

    /// <summary>Trains <paramref name="model"/>'s parameters with <paramref name="optimizer"/>.</summary>
    public Trainer(IModel model, IOptimizer optimizer)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
    }

    /// <summary>Where progress and per-epoch lines go; null prints nothing. Defaults to <see cref="AnsiConsole.Console"/>.</summary>
    public IAnsiConsole? Output { get; init; } = AnsiConsole.Console;

    /// <summary>
    /// The learning rate of every optimiser step, set on the optimiser before each step; steps are counted from 0 at the
    /// start of each <see cref="Fit(ITrainingSet, int, int, int, ITrainingSet?, bool, string?)"/> call, across its epochs (from the checkpoint's step when it resumes). Null leaves
    /// the optimiser's rate alone.
    /// </summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Stops training when an evaluation metric stops improving (and can restore the best epoch's weights); needs an
    /// evaluation set in <c>Fit</c>. Null trains every epoch.
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
    /// When set, every step first scales the gradients down so their global L2 norm is at most this
    /// (<see cref="GradientClipping.ClipByGlobalNorm"/>, PyTorch's <c>clip_grad_norm_</c>), as recurrent models want.
    /// Null leaves them alone.
    /// </summary>
    public float? MaxGradientNorm { get; init; }

    /// <summary>
    /// Trains data-parallel over several processes (<see cref="DataParallel.Mpi"/>, started with
    /// <c>mpiexec.mpich -n N</c>): every rank calls <c>Fit</c> with the same arguments; the batch size is the global one,
    /// which <see cref="DistributedSampler"/> splits into one shard per rank; rank 0's initial weights are broadcast, the
    /// gradients averaged before every step (each rank's weighted by its share of the batch's samples), the epoch's
    /// metrics summed over ranks and BatchNorm's running statistics averaged after every epoch, so every rank ends with
    /// the same weights. Only rank 0 prints (the other ranks ignore <see cref="Output"/>) and writes
    /// <see cref="CheckpointPath"/>; every rank reads <c>resumeFrom</c>, which may have been written with another number
    /// of ranks. A rank that throws during training aborts every rank (see <see cref="DataParallel.Fail"/>).
    /// <c>Evaluate</c> shards the data too, so every rank must call it. Null (the default) trains in this process alone.
    /// </summary>
    public DataParallel? Distributed { get; init; }

    /// <summary>
    /// Whether each training step tells its runner the next batch, so that on a GPU the next batch is gathered and
    /// uploaded on the device's copy stream while the current one computes (double-buffered, page-locked; see
    /// <see cref="IBatchRunner.Run(ReadOnlySpan{int}, bool, ReadOnlySpan{int})"/>). The weights come out the same either
    /// way; false uploads each batch on the default stream when its step starts. Sets whose runner does not prefetch
    /// (sequences, regression, CTC) behave the same either way. Default true.
    /// </summary>
    public bool PrefetchBatches { get; init; } = true;

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
    /// Trains a classifier on a <see cref="Dataset"/>, with softmax cross-entropy: <see cref="Fit(ITrainingSet, int, int,
    /// int, ITrainingSet?, bool, string?)"/> on a <see cref="ClassificationSet"/>.
    /// </summary>
    public TrainingHistory Fit(
        Dataset train, int epochs, int batchSize, int seed, Dataset? evaluation = null, bool showProgress = true,
        string? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(
            new ClassificationSet(train), epochs, batchSize, seed, evaluation is null ? null : new ClassificationSet(evaluation),
            showProgress, resumeFrom);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs (fewer when <see cref="EarlyStopping"/> stops it) and returns the
    /// metrics of each. With <paramref name="evaluation"/>, measures its loss (and accuracy, when the set has one) after
    /// every epoch. <paramref name="showProgress"/> shows a live bar when the console is interactive (never when output
    /// is redirected); the per-epoch lines are printed either way. Each epoch visits the samples in an order drawn by a
    /// <see cref="Philox"/> generator seeded with <paramref name="seed"/>. A set that does not suit the model is an
    /// <see cref="ArgumentException"/> naming both shapes, before any training.
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
        ITrainingSet train, int epochs, int batchSize, int seed, ITrainingSet? evaluation = null, bool showProgress = true,
        string? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (train.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        if (evaluation is { Count: 0 })
        {
            throw new ArgumentException("The evaluation set is empty.", nameof(evaluation));
        }

        var trainer = RunnerFor(train);
        var evaluator = evaluation is null ? null : RunnerFor(evaluation);
        if (EarlyStopping is not null && evaluator is null)
        {
            throw new ArgumentException(
                $"Early stopping watches {EarlyStopping.Metric} on an evaluation set; pass one to Fit.", nameof(evaluation));
        }

        if (EarlyStopping is { Metric: EarlyStoppingMetric.EvalAccuracy } && evaluator is { MeasuresAccuracy: false })
        {
            throw new ArgumentException(
                "Early stopping watches the evaluation accuracy, but the evaluation set measures none (regression); watch EvalLoss.",
                nameof(evaluation));
        }

        var resumable = _optimizer as IResumableOptimizer;
        if ((CheckpointPath is not null || resumeFrom is not null) && resumable is null)
        {
            throw new ArgumentException(
                $"Checkpoints hold the optimiser's state, and {_optimizer.GetType().Name} cannot save it (it is not an {nameof(IResumableOptimizer)}).");
        }

        Distributed?.Start(
            _model, ["training samples", "batch size", "seed", "epochs", "evaluation samples"],
            [train.Count, batchSize, seed, epochs, evaluation?.Count ?? -1]);

        // A schedule made for fewer steps than the run fails here, before any training, rather than part-way.
        _step = 0;
        Schedule?.LearningRateAt((int)Math.Min(int.MaxValue, (long)StepsPerEpoch(train.Count, batchSize) * epochs - 1));

        var shuffle = new Philox(unchecked((ulong)seed));
        var run = new TrainerRun(epochs, EarlyStopping is { RestoreBestWeights: true } ? new ParameterSnapshot(_model.Parameters) : null);
        if (resumeFrom is not null)
        {
            var checkpoint = Checkpoint.Read(resumeFrom);
            run.CheckResumable(checkpoint, train.Count, batchSize, seed, resumeFrom);
            run.Resume(checkpoint, shuffle, resumeFrom);
            checkpoint.Restore(_model, resumable);
            _step = (int)Math.Min(int.MaxValue, checkpoint.Step);
            Shown?.WriteLine(Format($"resumed from {resumeFrom} after epoch {checkpoint.Epoch}"));
        }

        try
        {
            TrainEpochs(trainer, train.Count, epochs, batchSize, seed, evaluator, evaluation?.Count ?? 0, showProgress, shuffle, run, resumable);
        }
        catch (Exception error) when (Distributed is { Size: > 1 } failing)
        {
            failing.Fail(error);
            throw;
        }

        var history = run.History;
        var restored = run.BestWeights is not null && run.BestEpoch is { } bestEpoch && bestEpoch != history.Count;
        if (restored)
        {
            run.BestWeights!.Restore();
            Shown?.WriteLine(Format($"restored the weights of epoch {run.BestEpoch}"));
        }

        return new TrainingHistory(history.ToList(), run.BestEpoch, run.StoppedEarly, restored);
    }

    private void TrainEpochs(
        IBatchRunner trainer, int samples, int epochs, int batchSize, int seed, IBatchRunner? evaluator, int evaluationSamples,
        bool showProgress, Philox shuffle, TrainerRun run, IResumableOptimizer? resumable)
    {
        var order = new int[samples];
        var history = run.History;
        var stopping = EarlyStopping;
        for (var epoch = history.Count + 1; epoch <= epochs && !run.StoppedEarly; epoch++)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            shuffle.Shuffle(order.AsSpan());
            var clock = Stopwatch.StartNew();
            var description = $"epoch {epoch}/{epochs}";
            var sums = showProgress && Shown?.Profile.Capabilities is { Interactive: true, Ansi: true }
                ? Shown.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask(description, maxValue: samples);
                        var lastShown = TimeSpan.Zero;
                        return TrainEpoch(trainer, order, batchSize, (seen, runningLoss, samplesPerSecond) =>
                        {
                            task.Value = seen;

                            // The display refreshes ten times a second; formatting more often only makes garbage.
                            if (clock.Elapsed - lastShown >= TimeSpan.FromSeconds(0.1))
                            {
                                lastShown = clock.Elapsed;
                                task.Description = Format($"{description}  loss {runningLoss:F4}  {samplesPerSecond:N0} samples/s");
                            }
                        });
                    })
                : TrainEpoch(trainer, order, batchSize, onBatch: null);

            // Every rank reports (and early stopping decides on) the metrics of the whole epoch, and BatchNorm's running
            // statistics are made the same everywhere before the evaluation and the checkpoint.
            sums = Combined(sums);
            Distributed?.SynchronizeBuffers(_model);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var (evalLoss, evalAccuracy) = evaluator is null ? ((float?)null, (float?)null) : Measure(evaluator, evaluationSamples, batchSize);
            var metrics = new EpochMetrics(
                epoch, (float)(sums.Loss / samples), Accuracy(trainer, sums), evalAccuracy, evalLoss, samples / trainSeconds,
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
                run.Save(CheckpointPath, _model, resumable!, _step, shuffle, samples, batchSize, seed);
            }
        }
    }

    /// <summary>
    /// The fraction of <paramref name="data"/> the model classifies correctly, in [0, 1]. Runs in evaluation mode and
    /// restores the previous mode afterwards.
    /// </summary>
    public float Evaluate(Dataset data, int batchSize) => Evaluate(new ClassificationSet(data), batchSize).Accuracy!.Value;

    /// <summary>
    /// The mean loss on <paramref name="data"/> (its batches' losses weighted by their sample counts) and, for sets that
    /// measure one, the accuracy in [0, 1], in evaluation mode, in order, in batches of <paramref name="batchSize"/>. The
    /// weights are left alone, and the previous mode is restored afterwards.
    /// </summary>
    public Evaluation Evaluate(ITrainingSet data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("The evaluation set is empty.", nameof(data));
        }

        var (loss, accuracy) = Measure(RunnerFor(data), data.Count, batchSize);
        return new Evaluation(loss, accuracy);
    }

    /// <summary>Releases the batch tensors (GPU memory for GPU models).</summary>
    public void Dispose()
    {
        foreach (var runner in _runners.Values)
        {
            runner.Dispose();
        }

        _runners.Clear();
    }

    private (float Loss, float? Accuracy) Measure(IBatchRunner runner, int count, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var wasTraining = _model.IsTraining;
        _model.Eval();
        try
        {
            // Data-parallel, each rank measures its own contiguous part of the data and the sums are combined.
            var part = Distributed?.Shard(count) ?? new ShardRange(0, count);
            var sums = default(Sums);
            var rows = new int[Math.Max(1, Math.Min(batchSize, part.Count))];
            for (var start = part.Offset; start < part.Offset + part.Count; start += batchSize)
            {
                var batch = rows.AsSpan(0, Math.Min(batchSize, part.Offset + part.Count - start));
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = start + i;
                }

                sums = sums.Add(runner.Run(batch, backward: false), batch.Length);
            }

            sums = Combined(sums);
            return ((float)(sums.Loss / count), Accuracy(runner, sums));
        }
        finally
        {
            if (wasTraining)
            {
                _model.Train();
            }
        }
    }

    /// <summary>
    /// One pass over <paramref name="order"/>; returns the sums of the samples' losses, the scored predictions and the
    /// right ones (over this rank's shards only when training data-parallel: the caller combines them).
    /// </summary>
    private Sums TrainEpoch(IBatchRunner runner, int[] order, int batchSize, Action<int, double, double>? onBatch)
    {
        _model.Train();
        var clock = Stopwatch.StartNew();
        var sums = default(Sums);
        var localSeen = 0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
            var shard = Distributed?.Shard(batch.Length) ?? new ShardRange(0, batch.Length);
            Distributed?.BeginBackward(_model, shard.Count, batch.Length);
            if (shard.Count > 0)
            {
                var samples = batch.Slice(shard.Offset, shard.Count);
                var score = PrefetchBatches
                    ? runner.Run(samples, backward: true, NextShard(order, start + batchSize, batchSize))
                    : runner.Run(samples, backward: true);
                sums = sums.Add(score, shard.Count);
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

            Distributed?.AverageGradients(_model, shard.Count, batch.Length);
            if (MaxGradientNorm is { } maxNorm)
            {
                GradientClipping.Clip(_model.Parameters, maxNorm);
            }

            if (Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.LearningRateAt(_step);
            }

            _optimizer.Step();
            _step++;

            localSeen += shard.Count;
            var seen = start + batch.Length;
            onBatch?.Invoke(seen, sums.Loss / Math.Max(1, localSeen), seen / clock.Elapsed.TotalSeconds);
        }

        return sums;
    }

    /// <summary>This rank's samples of the batch starting at <paramref name="start"/> in <paramref name="order"/>; empty past the end.</summary>
    private ReadOnlySpan<int> NextShard(int[] order, int start, int batchSize)
    {
        if (start >= order.Length)
        {
            return [];
        }

        var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
        var shard = Distributed?.Shard(batch.Length) ?? new ShardRange(0, batch.Length);
        return batch.Slice(shard.Offset, shard.Count);
    }

    /// <summary><paramref name="sums"/> over every rank when training data-parallel, else as they are.</summary>
    private Sums Combined(Sums sums)
    {
        if (Distributed is not { } distributed)
        {
            return sums;
        }

        Span<double> values = [sums.Loss, sums.Scored, sums.Correct];
        distributed.Sum(values);
        return new Sums(values[0], (int)values[1], (int)values[2]);
    }

    private static float? Accuracy(IBatchRunner runner, Sums sums) =>
        runner.MeasuresAccuracy && sums.Scored > 0 ? (float)sums.Correct / sums.Scored : null;

    /// <summary>The runner of <paramref name="set"/> on this trainer's model, opened (and checked) once and kept until dispose.</summary>
    private IBatchRunner RunnerFor(ITrainingSet set)
    {
        var key = set is ClassificationSet classification ? classification.Data : (object)set;
        if (!_runners.TryGetValue(key, out var runner))
        {
            runner = set.Open(_model);
            _runners.Add(key, runner);
        }

        return runner;
    }

    private static string Describe(EpochMetrics m, int epochs)
    {
        var width = epochs.ToString(CultureInfo.InvariantCulture).Length;
        var train = m.TrainAccuracy is { } trainAccuracy ? Format($"  train {100 * trainAccuracy:F2}%") : "";
        var evaluation = m.EvalAccuracy is { } accuracy ? Format($"  eval {100 * accuracy:F2}%")
            : m.EvalLoss is { } evalLoss ? Format($"  eval loss {evalLoss:F4}") : "";
        return Format(
            $"epoch {m.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  loss {m.Loss:F4}{train}{evaluation}  {m.SamplesPerSecond:N0} samples/s  {m.Seconds:F1} s");
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What batches add up to: their losses weighted by their samples, the scored predictions and the right ones.</summary>
    private readonly record struct Sums(double Loss, int Scored, int Correct)
    {
        public Sums Add(BatchScore score, int samples) =>
            new(Loss + ((double)score.Loss * samples), Scored + score.Scored, Correct + score.Correct);
    }
}

using System.Diagnostics;
using Spectre.Console;
using Strata.Data;
using Strata.IO;
using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// Transfer learning as in seed 001 §10: a LeNet pretrained on digits 0–4 gives its body (by name) to a network with
/// a new head for digits 5–9, whose convolutions are then frozen while the dense layers train; the same network is
/// also trained from scratch on the same samples for the same epochs.
/// </summary>
public static class TransferExperiment
{
    /// <summary>
    /// Runs the experiment on <paramref name="all"/> (10-class digits; the first 80% train, the rest evaluate) on
    /// <paramref name="device"/>, printing the trainers' epoch lines to <paramref name="output"/> (null for none).
    /// </summary>
    public static TransferReport Run(TransferOptions options, Dataset all, Device device, IAnsiConsole? output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(all);
        var evaluationCount = all.Count / 5;
        var train = all.Slice(0, all.Count - evaluationCount);
        var evaluation = all.Slice(all.Count - evaluationCount, evaluationCount);
        var (lowTrain, lowEvaluation) = (DigitSubset.Of(train, 0, 5), DigitSubset.Of(evaluation, 0, 5));
        var (highTrain, highEvaluation) = (DigitSubset.Of(train, 5, 5, options.Samples), DigitSubset.Of(evaluation, 5, 5));

        output?.WriteLine($"pretraining on digits 0–4: {lowTrain.Count:N0} samples, {options.PretrainEpochs} epoch(s)");
        var source = new DigitNet(device, options.Seed);
        var clock = Stopwatch.StartNew();
        var pretrainAccuracy = Train(source, lowTrain, lowEvaluation, options.PretrainEpochs, options, output);
        var pretrainSeconds = clock.Elapsed.TotalSeconds;

        // The body travels by name: C1, C3, F5 and F6 load; the new network's Head stays as initialised, and the
        // source's Out has nowhere to go.
        var fineTuned = new DigitNetWithNewHead(device, options.Seed + 1);
        var load = ModelState.Load(fineTuned, ModelState.ToSafeTensors(source), strict: false);
        fineTuned.Freeze(nameof(DigitNetWithNewHead.C1), nameof(DigitNetWithNewHead.C3));
        output?.WriteLine($"fine-tuning on digits 5–9 ({highTrain.Count:N0} samples): loaded {string.Join(", ", load.Loaded)}; " +
                          $"new {string.Join(", ", load.Missing)}; frozen C1, C3");
        clock.Restart();
        var fineAccuracy = Train(fineTuned, highTrain, highEvaluation, options.Epochs, options, output);
        var fine = new TransferRun("fine-tuned (frozen convolutions, new head)", fineAccuracy, clock.Elapsed.TotalSeconds);

        output?.WriteLine($"training from scratch on digits 5–9 ({highTrain.Count:N0} samples)");
        var scratchModel = new DigitNetWithNewHead(device, options.Seed + 1);
        clock.Restart();
        var scratchAccuracy = Train(scratchModel, highTrain, highEvaluation, options.Epochs, options, output);
        var scratch = new TransferRun("from scratch", scratchAccuracy, clock.Elapsed.TotalSeconds);
        return new TransferReport(pretrainAccuracy, pretrainSeconds, load, fine, scratch);
    }

    private static float Train(IModel model, Dataset train, Dataset evaluation, int epochs, TransferOptions options, IAnsiConsole? output)
    {
        var optimizer = new Adam(model.Parameters, options.LearningRate);
        using var trainer = new Trainer(model, optimizer) { Output = output };
        trainer.Fit(train, epochs, options.BatchSize, options.Seed, showProgress: false);
        return trainer.Evaluate(evaluation, batchSize: 500);
    }
}

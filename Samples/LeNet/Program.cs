using System.Globalization;
using Spectre.Console;
using Strata;
using Strata.Data;
using Strata.Distributed;
using Strata.Samples;
using Strata.Training;

if (!LeNetOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

Dataset all;
try
{
    all = options.DataDirectory is { } directory ? Mnist.Load(directory) : SyntheticDigits.Generate(10_000, options.Seed);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// MNIST's t10k set: the first 8,000 images train, the last 2,000 (the harder half) evaluate.
var evaluationCount = all.Count / 5;
var train = all.Slice(0, all.Count - evaluationCount);
var evaluation = all.Slice(all.Count - evaluationCount, evaluationCount);

// --distributed: one rank per process (mpiexec.mpich -n N); every rank trains its shard of each batch, rank 0 alone prints.
if (!SampleDistribution.TryStart(options.Distributed, out var parallel))
{
    return 2;
}

using var _ = parallel;
var isRoot = parallel is not { IsRoot: false };
using var device = options.Device == "best" ? Device.Best() : Device.Cpu();
var model = new LeNet(device, options.Seed);
if (isRoot)
{
    AnsiConsole.WriteLine(model.Summary);
    var ranks = parallel is null ? "" : string.Create(CultureInfo.InvariantCulture, $", data-parallel on {parallel.Size} rank(s)");
    AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{(options.DataDirectory is null ? "synthetic digits" : $"MNIST from {options.DataDirectory}")}: {train.Count:N0} to train, {evaluation.Count:N0} to evaluate, on {device}{ranks}"));
}

// Adam with a cosine decay, step by step, from the peak rate to zero over the run: the late, small steps settle the last errors.
var optimizer = new Adam(model.Parameters, options.LearningRate);
using var trainer = new Trainer(model, optimizer)
{
    Distributed = parallel,
    Schedule = new CosineDecay(options.LearningRate, options.Epochs * Trainer.StepsPerEpoch(train.Count, options.BatchSize)),
};
var history = trainer.Fit(train, options.Epochs, options.BatchSize, options.Seed, evaluation);
if (isRoot && options.PlotFile is { } plotFile)
{
    TrainingPlot.Save(plotFile, TrainingCurves.From(history, "LeNet"));
    Console.WriteLine($"plot: {plotFile}");
}

var accuracy = trainer.Evaluate(evaluation, batchSize: 500);
if (isRoot)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {100 * accuracy:F2}%"));
}

return 0;

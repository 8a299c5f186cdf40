using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Data;
using Strata.Training;
using Strata.Zoo;

if (!ZooOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

if (options.Summary)
{
    foreach (var (name, parameters, _) in ZooCatalog.Models)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} params: {parameters}"));
    }

    return 0;
}

Dataset all;
try
{
    all = Mnist.Load(options.DataDirectory!);
}
catch (Exception e) when (e is ArgumentException or IOException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// MNIST's t10k set: the first 8,000 images train, the last 2,000 evaluate (--limit keeps the first N of each).
var evaluationCount = all.Count / 5;
var train = all.Slice(0, all.Count - evaluationCount);
var evaluation = all.Slice(all.Count - evaluationCount, evaluationCount);
if (options.Limit > 0)
{
    train = train.Slice(0, Math.Min(options.Limit, train.Count));
    evaluation = evaluation.Slice(0, Math.Min(options.Limit, evaluation.Count));
}

var clock = Stopwatch.StartNew();
using var device = options.Device == "best" ? Device.Best() : Device.Cpu();
var model = new ResNet18Mnist(device, options.Seed);
Console.WriteLine(model.Summary);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ResNet-18 (3×3 stride-2 stem, no max-pool), {ResNet18Mnist.ParameterCount:N0} parameters; MNIST from {options.DataDirectory}: {train.Count:N0} to train, {evaluation.Count:N0} to evaluate, on {device}"));

// Adam with a cosine decay from the peak rate to zero over the run, step by step.
var optimizer = new Adam(model.Parameters, options.LearningRate);
using var trainer = new Trainer(model, optimizer)
{
    Schedule = new CosineDecay(options.LearningRate, Math.Max(1, options.Epochs * Trainer.StepsPerEpoch(train.Count, options.BatchSize))),
};
if (options.Epochs > 0)
{
    trainer.Fit(train, options.Epochs, options.BatchSize, options.Seed, evaluation);
}

var accuracy = trainer.Evaluate(evaluation, batchSize: 250);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time: {clock.Elapsed.TotalSeconds:F1} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {100 * accuracy:F2}%"));
return 0;

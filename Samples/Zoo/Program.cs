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
if (options.Limit > 0 && options.Train != "fcn")
{
    train = train.Slice(0, Math.Min(options.Limit, train.Count));
    evaluation = evaluation.Slice(0, Math.Min(options.Limit, evaluation.Count));
}

var clock = Stopwatch.StartNew();
using var device = options.Device == "best" ? Device.Best() : Device.Cpu();
if (options.Train == "fcn")
{
    return TrainFcn(options, train, evaluation, device, clock);
}

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

// The FCN segments 64×64 canvases of 1–3 digits: training canvases from the first 8,000 digits, drawn afresh each
// epoch, and 1,000 test canvases from the last 2,000 (seed −1 for the test set, whatever --seed says).
static int TrainFcn(ZooOptions options, Dataset train, Dataset evaluation, Device device, Stopwatch clock)
{
    var canvasesPerEpoch = options.Limit > 0 ? Math.Min(options.Limit, options.Canvases) : options.Canvases;
    var test = DigitCanvases.Generate(evaluation, options.Limit > 0 ? Math.Min(options.Limit, 1000) : 1000, seed: -1);
    var model = FcnTraining.CreateModel(device, options.Seed);
    Console.WriteLine(model.Summary);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"FCN (ResNet-18 stem and stages 1-2, 4x transposed conv), {FcnResNet18Digits.ParameterCount:N0} parameters; {canvasesPerEpoch:N0} training canvases per epoch from {train.Count:N0} digits, {test.Count:N0} test canvases from {evaluation.Count:N0} digits ({options.DataDirectory}), on {device}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"background everywhere on the test canvases: mean IoU {FcnTraining.BackgroundEverywhereMeanIoU(test):F4}"));
    // Each epoch line also scores the first quarter of the test canvases; the last lines score all of them.
    FcnTraining.Train(
        model, train, canvasesPerEpoch, options.Epochs, options.BatchSize, options.LearningRate, options.Seed, Console.Out,
        test.Take(Math.Max(1, test.Count / 4)));
    var metrics = FcnTraining.Evaluate(model, test);
    Console.WriteLine("per-class IoU: " + string.Join("  ", Enumerable.Range(0, SegmentationSet.ClassCount).Select(c =>
        string.Create(CultureInfo.InvariantCulture, $"{(c == SegmentationSet.BackgroundClass ? "bg" : c.ToString(CultureInfo.InvariantCulture))} {metrics.IoU(c):F3}"))));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time: {clock.Elapsed.TotalSeconds:F1} s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pixel accuracy: {100 * metrics.PixelAccuracy:F2}%"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean IoU: {metrics.MeanIoU:F4}"));
    return 0;
}

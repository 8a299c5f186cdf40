using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Strata;
using Strata.Data;
using Strata.Samples;
using Strata.Training;

if (!VitOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

Dataset all;
try
{
    all = Mnist.Load(options.DataDirectory);
}
catch (Exception e) when (e is ArgumentException or IOException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// MNIST's t10k set: the first 8,000 images train, the last 2,000 evaluate.
var train = VitTraining.WithShiftedCopies(all.Slice(0, options.TrainCount), options.Shifted, options.Seed);
var evaluation = all.Slice(all.Count - 2000, 2000);

var model = new VitTiny(Device.Cpu(), options.Seed);
VitTraining.ScaleLikeTimm(model);
AnsiConsole.WriteLine(model.Summary);
AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"MNIST from {options.DataDirectory}: {options.TrainCount:N0} images and {options.Shifted} shifted copies of each ({train.Count:N0}) to train, {evaluation.Count:N0} to evaluate"));

var stopwatch = Stopwatch.StartNew();
var accuracy = VitTraining.Train(model, train, evaluation, options.Epochs, options.BatchSize, options.LearningRate, options.Seed, AnsiConsole.Console);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {100 * accuracy:F2}% on the last 2,000 ({stopwatch.Elapsed.TotalMinutes:F1} min)"));
return 0;

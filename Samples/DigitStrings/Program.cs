using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Data;
using Strata.Samples;
using Strata.Training;

if (!DigitStringsOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

Dataset digits;
try
{
    digits = Mnist.Load(options.DataDirectory);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// MNIST's t10k set: lines for training from the first 8,000 images, lines for testing from the last 2,000.
var testImages = digits.Count / 5;
var trainImages = digits.Count - testImages;
// Fresh training lines each epoch (the same 8,000 images in new company, places and heights) keep the recurrent layer from
// learning the lines by heart; test lines stay fixed and never shift.
CtcDataset TrainingLines(int epoch) =>
    DigitLines.Generate(digits, 0, trainImages, options.TrainLines, options.Seed + 1000 * epoch, DigitStringsModel.ColumnsPerStep, jitter: 2);

var train = TrainingLines(0);
var test = DigitLines.Generate(digits, trainImages, testImages, options.TestLines, options.Seed + 1, DigitStringsModel.ColumnsPerStep);

using var device = options.Device == "best" ? Device.Best() : Device.Cpu();
var model = new DigitStringsModel(device, options.Seed);
Console.WriteLine(model.Summary);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{train.Count:N0} training lines from images 0–{trainImages - 1}, {test.Count:N0} test lines from images {trainImages}–{digits.Count - 1}, on {device}"));

var optimizer = new Adam(model.Parameters, options.LearningRate);
var steps = options.Epochs * ((train.Count + options.BatchSize - 1) / options.BatchSize);
using var training = new CtcTraining(model, optimizer, options.BatchSize, options.Seed)
{
    Schedule = new CosineDecay(options.LearningRate, steps),
    ClipNorm = 5f,
};

var clock = Stopwatch.StartNew();
for (var epoch = 1; epoch <= options.Epochs; epoch++)
{
    var fit = training.RunEpoch(epoch == 1 ? train : TrainingLines(epoch));
    var measured = training.Evaluate(test);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch,2}: train loss {fit.MeanLoss:F4}, lines {100 * fit.LineAccuracy:F2}%, CER {100 * fit.CharacterErrorRate:F2}% | " +
        $"test loss {measured.MeanLoss:F4}, lines {100 * measured.LineAccuracy:F2}%, CER {100 * measured.CharacterErrorRate:F2}% ({clock.Elapsed.TotalSeconds:F0} s)"));
}

var greedy = training.Evaluate(test);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"test lines, greedy: whole-line accuracy {100 * greedy.LineAccuracy:F2}%, character error rate {100 * greedy.CharacterErrorRate:F2}%"));
if (options.BeamWidth > 0)
{
    var beam = training.Evaluate(test, options.BeamWidth);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"test lines, prefix beam search (width {options.BeamWidth}): whole-line accuracy {100 * beam.LineAccuracy:F2}%, character error rate {100 * beam.CharacterErrorRate:F2}%"));
}

var read = training.Transcribe(test);
for (var i = 0; i < Math.Min(8, test.Count); i++)
{
    Console.WriteLine($"  {DigitLines.Text(test.Labels[i]),-6} read as {DigitLines.Text(read[i])}");
}

return 0;

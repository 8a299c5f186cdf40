using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Data;
using Strata.Samples;
using Strata.Seq2Seq;

if (!DatesOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

var (train, test) = HumanDates.Split(options.Train, options.Test, 0.2, options.Seed);
var model = new DateNormaliser(Device.Cpu(), options.Seed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"dates 1950-2049 in {HumanDates.FormatCount} written forms: {train.Length:N0} to train, {test.Length:N0} to test (no calendar date on both sides); " +
    $"declared model DateNormaliser: GRU 64 encoder, attention-GRU 64 decoder, {model.Parameters.Sum(p => p.Value.Length):N0} parameters"));
foreach (var (text, iso) in test.Take(4))
{
    Console.WriteLine($"  e.g. \"{text}\" -> {iso}");
}

var training = new DatesTraining(model, train, options.BatchSize, options.LearningRate, options.Seed);
var (losses, accuracies) = (new List<double>(), new List<double>());
var clock = Stopwatch.StartNew();
for (var epoch = 1; epoch <= options.Epochs; epoch++)
{
    var loss = training.RunEpoch();
    var accuracy = training.ExactMatch(test);
    losses.Add(loss);
    accuracies.Add(accuracy);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch,2}/{options.Epochs}  loss {loss:F4}  held-out exact match (greedy) {100 * accuracy:F2}%  {clock.Elapsed.TotalSeconds:F0} s"));
}

var greedy = training.ExactMatch(test);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out exact match, greedy: {100 * greedy:F2}%"));
if (options.Beam > 1)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"held-out exact match, beam {options.Beam}: {100 * training.BeamExactMatch(test, options.Beam):F2}%"));
}

var shown = test.Take(4).ToArray();
var decoded = Seq2SeqDecoding.Greedy(model, shown.Select(p => DateTokens.Source(p.Text)).ToArray(), DateTokens.Bos, DateTokens.Eos, DateTokens.MaxOutput);
foreach (var ((text, iso), (tokens, _)) in shown.Zip(decoded))
{
    Console.WriteLine($"  \"{text}\" -> {DateTokens.Text(tokens)} (expected {iso})");
}

if (options.HeatMapFile is { } heatMapFile)
{
    AttentionHeatMap.Save(heatMapFile, shown.Zip(decoded).Select(pair => (pair.First.Text, DateTokens.Text(pair.Second.Tokens), pair.Second.Attention)).ToArray());
    Console.WriteLine($"attention heat map: {heatMapFile}");
}

if (options.PlotFile is { } plotFile)
{
    TrainingPlot.Save(plotFile, new TrainingCurves("Dates", "cross-entropy", losses, EvalAccuracy: accuracies));
    Console.WriteLine($"plot: {plotFile}");
}

return 0;

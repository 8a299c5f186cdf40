using System.Globalization;
using Strata;
using Strata.Data;
using Strata.Samples;
using Strata.Training;

if (!SentimentOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

LabeledText all;
try
{
    all = options.DataFile is { } file ? LabeledTextFile.Load(file) : SyntheticReviews.Generate(10_000, options.Seed);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

if (all.ClassCount > 2 || all.Count < 10)
{
    Console.Error.WriteLine($"error: the sample classifies into 2 classes and needs at least 10 sentences; the file gives {all}.");
    return 2;
}

var (train, test) = all.Split(0.8);
var vocabulary = SentimentTraining.BuildVocabulary(train.Texts, SentimentModel.VocabularyCapacity);
using var device = options.Device == "best" ? Device.Best() : Device.Cpu();
ISequenceModel model = options.Model == "transformer" ? new SentimentTransformer(device, options.Seed) : new SentimentModel(device, options.Seed);
Console.WriteLine(model.Summary);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.DataFile ?? "synthetic reviews"}: {train.Count:N0} to train, {test.Count:N0} to evaluate, {vocabulary.Count:N0} character tokens, on {device}"));

using var trainer = new Trainer(model, new Adam(model.Parameters, options.LearningRate));
var history = trainer.Fit(
    SentimentTraining.Encode(train, vocabulary), options.Epochs, options.BatchSize, options.Seed, SentimentTraining.Encode(test, vocabulary));
if (options.PlotFile is { } plotFile)
{
    TrainingPlot.Save(plotFile, TrainingCurves.From(history, "Sentiment"));
    Console.WriteLine($"plot: {plotFile}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {100 * history.Last.EvalAccuracy:F2}%"));
return 0;

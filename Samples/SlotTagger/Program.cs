using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Strata;
using Strata.Data;
using Strata.Samples;

if (!SlotTaggerOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

var stopwatch = Stopwatch.StartNew();
var (train, test) = SlotTaggerExperiment.Split(options.Seed);
var (bidirectional, leftToRight) = SlotTaggerExperiment.CreateTaggers(options.Cell, Device.Cpu(), options.Seed);
var taggers = new[] { ("bidirectional", bidirectional), ("left-to-right", leftToRight) };
Console.WriteLine(Invariant($"{train.Count:N0} sentences to train, {test.Count:N0} to test (their prefix+city pairs never seen in training)"));

foreach (var (name, tagger) in taggers)
{
    Console.WriteLine();
    Console.WriteLine(tagger.Summary);
    Console.WriteLine(name);
    SlotTaggerExperiment.Train(tagger, train, options.Epochs, options.Seed, AnsiConsole.Console);
}

// Guessing from or to on every city character costs ln 2 there, so a tagger blind to the suffix cannot go below this.
var cityCharacters = train.Tags.Ids.Length - train.Tags.Ids.Count(SlotTaggingData.Outside);
var characters = train.Tags.Lengths.ToArray().Sum();
Console.WriteLine(Invariant($"loss floor without the words after the city: ln 2 × {cityCharacters:N0}/{characters:N0} city characters = {Math.Log(2) * cityCharacters / characters:F4}"));

Console.WriteLine();
var scores = taggers.Select(t => (t.Item1, SlotTaggerExperiment.Evaluate(t.Item2, test))).ToArray();
foreach (var (name, score) in scores)
{
    Console.WriteLine(
        Invariant($"{name}: tags {100 * score.TagAccuracy:F2}%, O {100 * score.OutsideAccuracy:F2}%, city spans {100 * score.CitySpanAccuracy:F2}%, ") +
        Invariant($"departure/destination {100 * score.DirectionAccuracy:F2}% of {score.CityCharacters:N0} city characters"));
}

// The same held-out prefix and city, once a departure and once a destination: only the last words differ.
var example = test.Sentences[0];
var cityEnd = example.Length - SlotTaggingData.DepartureSuffixes.Concat(SlotTaggingData.DestinationSuffixes).First(example.EndsWith).Length;
Console.WriteLine();
foreach (var sentence in new[] { example[..cityEnd] + SlotTaggingData.DepartureSuffixes[0], example[..cityEnd] + SlotTaggingData.DestinationSuffixes[0] })
{
    Console.WriteLine(sentence);
    foreach (var (name, tagger) in taggers)
    {
        var tags = SlotTaggerExperiment.Tag(tagger, train.Vocabulary, sentence);
        Console.WriteLine($"  {name,-13}  {string.Join(' ', sentence.Select((c, t) => $"{c}/{SlotTaggingData.TagNames[tags[t]]}"))}");
    }
}

Console.WriteLine();
Console.WriteLine(Invariant($"time: {stopwatch.Elapsed.TotalSeconds:F1} s"));
foreach (var (name, score) in scores)
{
    Console.WriteLine(Invariant($"{name}: city accuracy {100 * score.CityAccuracy:F2}% (departure/destination {100 * score.DirectionAccuracy:F2}%)"));
}

return 0;

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

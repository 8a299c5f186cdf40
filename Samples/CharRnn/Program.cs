using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Data;
using Strata.Distributed;
using Strata.Samples;
using Strata.Training;

if (!CharRnnOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

// d2l trains on the first 10,000 characters, with the vocabulary of the whole book.
const int maxTokens = 10_000;
TextCorpus corpus;
try
{
    corpus = options.DataFile is { } file ? TextCorpus.Load(file, maxTokens) : TextCorpus.FromText(TimeMachine.Opening, maxTokens);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

const int batchSize = 32, steps = 35;
if (corpus.Vocabulary.Count > LanguageModelSize.Vocabulary || corpus.Tokens.Length < batchSize * steps + steps + 1)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"error: the text gives {corpus}; the models need at most {LanguageModelSize.Vocabulary} tokens and at least {batchSize * steps + steps + 1} characters."));
    return 2;
}

// --distributed: one rank per process (mpiexec.mpich -n N); each takes its rows of every batch, rank 0 alone prints.
if (!SampleDistribution.TryStart(options.Distributed, out var parallel))
{
    return 2;
}

using var _ = parallel;
var output = parallel is { IsRoot: false } ? TextWriter.Null : Console.Out;
using var device = options.Device == "best" ? Device.Best() : Device.Cpu();
ISequenceModel model = options.Cell switch
{
    "rnn" => new RnnLanguageModel(device, options.Seed),
    "gru" => new GruLanguageModel(device, options.Seed),
    _ => new LstmLanguageModel(device, options.Seed),
};
output.WriteLine(model.Summary);
output.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.DataFile ?? "built-in Time Machine opening"}: {corpus}, batch {batchSize}, {steps} steps, SGD lr {options.LearningRate}, clip 1, on {device}"));

var clock = Stopwatch.StartNew();
using var training = new LanguageModelTraining(model, corpus.Tokens, batchSize, steps, options.LearningRate, clipNorm: 1f, options.Seed, parallel);
var last = default(LanguageModelEpoch);
var logPerplexities = new List<double>(options.Epochs);
for (var epoch = 1; epoch <= options.Epochs; epoch++)
{
    last = training.RunEpoch();
    logPerplexities.Add(Math.Log(last.Perplexity));
    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch,4}/{options.Epochs}  perplexity {last.Perplexity,7:F2}  {last.TokensPerSecond,9:N0} tokens/s"));
}

output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {clock.Elapsed.TotalSeconds:F1} s"));
if (parallel is not { IsRoot: false } && options.PlotFile is { } plotFile)
{
    TrainingPlot.Save(plotFile, new TrainingCurves($"CharRnn ({options.Cell})", "log perplexity (cross-entropy)", logPerplexities));
    output.WriteLine($"plot: {plotFile}");
}

output.WriteLine(parallel is { IsRoot: false } ? "" : GreedyText.Continue(model, corpus.Vocabulary, "time traveller", 50));
output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"perplexity: {last.Perplexity:F2}"));
return 0;

using System.Globalization;
using System.Text;
using Strata.IO;

namespace Strata.Training;

/// <summary>
/// The state of one <see cref="Trainer.Fit(ITrainingSet, int, int, int, ITrainingSet?, bool, string?)"/> call that outlives an epoch (the history and the early-stopping state),
/// and how it goes into and comes out of a <see cref="Checkpoint"/>.
/// </summary>
internal sealed class TrainerRun(int epochs, ParameterSnapshot? bestWeights)
{
    private const string Samples = "trainer.samples";
    private const string BatchSize = "trainer.batch_size";
    private const string Seed = "trainer.seed";
    private const string HistoryKey = "trainer.history";
    private const string BestEpochKey = "trainer.best_epoch";
    private const string BestValueKey = "trainer.best_value";
    private const string WaitedKey = "trainer.waited";
    private const string StoppedKey = "trainer.stopped_early";
    private const string Shuffle = "shuffle";
    private const string BestPrefix = "best/";

    /// <summary>The metrics of every epoch so far, resumed ones included.</summary>
    public List<EpochMetrics> History { get; } = new(epochs);

    /// <summary>The epoch with the best watched metric so far.</summary>
    public int? BestEpoch { get; set; }

    /// <summary>The best value of the watched metric so far.</summary>
    public double? BestValue { get; set; }

    /// <summary>Epochs since the best one.</summary>
    public int Waited { get; set; }

    /// <summary>Whether early stopping has ended the run.</summary>
    public bool StoppedEarly { get; set; }

    /// <summary>The best epoch's weights, when they are to be restored.</summary>
    public ParameterSnapshot? BestWeights { get; } = bestWeights;

    /// <summary>Writes the checkpoint after an epoch.</summary>
    public void Save(
        string path, IModel model, IResumableOptimizer optimizer, int step, Philox shuffle, int samples, int batchSize, int seed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Samples] = Text(samples),
            [BatchSize] = Text(batchSize),
            [Seed] = Text(seed),
            [HistoryKey] = FormatHistory(History),
            [WaitedKey] = Text(Waited),
            [StoppedKey] = StoppedEarly ? "true" : "false",
        };
        if (BestEpoch is { } bestEpoch)
        {
            values[BestEpochKey] = Text(bestEpoch);
            values[BestValueKey] = BestValue!.Value.ToString("R", CultureInfo.InvariantCulture);
        }

        var extras = BestWeights?.ByName().ToDictionary(e => BestPrefix + e.Key, e => e.Value, StringComparer.Ordinal);
        Checkpoint.Save(
            path, model, optimizer, History.Count, step, new Dictionary<string, PhiloxState> { [Shuffle] = shuffle.GetState() }, values, extras);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the run differs from the checkpoint's in a way that would change the
    /// order of the samples or the steps, and <see cref="InvalidDataException"/> when the checkpoint lacks what the
    /// trainer writes.
    /// </summary>
    public void CheckResumable(Checkpoint checkpoint, int samples, int batchSize, int seed, string path)
    {
        foreach (var (key, name, value) in new[] { (Samples, "training samples", samples), (BatchSize, "batch size", batchSize), (Seed, "seed", seed) })
        {
            var saved = Integer(checkpoint, key, path);
            if (saved != value)
            {
                throw new ArgumentException(
                    $"'{path}' was written by a run with {name} {saved}; this one has {value}. Resume with the same {name}.");
            }
        }

        if (checkpoint.Epoch > epochs)
        {
            throw new ArgumentException($"'{path}' was written after epoch {checkpoint.Epoch}, past the {epochs} epoch(s) asked for.");
        }

        if (!checkpoint.Generators.ContainsKey(Shuffle))
        {
            throw Bad(path, "it has no state of the shuffling generator (was it written by the Trainer?).");
        }
    }

    /// <summary>Takes the history, the early-stopping state and the shuffling generator from the checkpoint.</summary>
    public void Resume(Checkpoint checkpoint, Philox shuffle, string path)
    {
        var history = ParseHistory(Value(checkpoint, HistoryKey, path), path);
        if (history.Count != checkpoint.Epoch)
        {
            throw Bad(path, $"its history has {history.Count} epoch(s), but it was written after epoch {checkpoint.Epoch}.");
        }

        if (checkpoint.Values.ContainsKey(BestEpochKey))
        {
            BestEpoch = Integer(checkpoint, BestEpochKey, path);
            BestValue = double.TryParse(Value(checkpoint, BestValueKey, path), NumberStyles.Float, CultureInfo.InvariantCulture, out var best)
                ? best
                : throw Bad(path, $"\"{BestValueKey}\" is not a number.");
            if (BestWeights is not null
                && !BestWeights.TrySet(checkpoint.Extras
                    .Where(e => e.Key.StartsWith(BestPrefix, StringComparison.Ordinal))
                    .ToDictionary(e => e.Key[BestPrefix.Length..], e => e.Value, StringComparer.Ordinal)))
            {
                throw Bad(path, "it lacks the best epoch's weights that early stopping is to restore (was it written without restoreBestWeights?).");
            }
        }

        Waited = Integer(checkpoint, WaitedKey, path);
        StoppedEarly = Value(checkpoint, StoppedKey, path) == "true";
        shuffle.SetState(checkpoint.Generators[Shuffle]);
        History.AddRange(history);
    }

    // One epoch per line: epoch;loss;train accuracy;eval accuracy;eval loss;samples per second;seconds;learning rate,
    // round-trip formatted, an empty field for a missing evaluation.
    private static string FormatHistory(IEnumerable<EpochMetrics> history)
    {
        var text = new StringBuilder();
        foreach (var m in history)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{m.Epoch};{m.Loss:R};{m.TrainAccuracy:R};{m.EvalAccuracy:R};{m.EvalLoss:R};{m.SamplesPerSecond:R};{m.Seconds:R};{m.LearningRate:R}\n");
        }

        return text.ToString();
    }

    private static List<EpochMetrics> ParseHistory(string text, string path)
    {
        var result = new List<EpochMetrics>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(';');
            if (f.Length != 8 || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch != result.Count + 1
                || !TryFloat(f[1], out var loss) || !TryOptional(f[2], out var accuracy) || !TryOptional(f[3], out var evalAccuracy)
                || !TryOptional(f[4], out var evalLoss) || !double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var speed)
                || !double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !TryFloat(f[7], out var rate))
            {
                throw Bad(path, $"its history has a malformed line for epoch {result.Count + 1}.");
            }

            result.Add(new EpochMetrics(epoch, loss, accuracy, evalAccuracy, evalLoss, speed, seconds, rate));
        }

        return result;
    }

    private static bool TryFloat(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryOptional(string text, out float? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        var parsed = TryFloat(text, out var number);
        value = number;
        return parsed;
    }

    private static string Value(Checkpoint checkpoint, string key, string path) =>
        checkpoint.Values.TryGetValue(key, out var value) ? value : throw Bad(path, $"it lacks \"{key}\", which the Trainer writes.");

    private static int Integer(Checkpoint checkpoint, string key, string path) =>
        int.TryParse(Value(checkpoint, key, path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(path, $"\"{key}\" is not an integer.");

    private static InvalidDataException Bad(string path, string problem) => new($"'{path}' cannot resume training: {problem}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

namespace Strata.Samples;

/// <summary>The sample's command line, read by <see cref="CommandLine.TryParse"/>.</summary>
internal sealed record SentimentOptions(string? DataFile, int Epochs, int BatchSize, float LearningRate, int Seed, string Device)
{
    public const string Usage =
        """
        Usage: Sentiment [--data FILE] [--epochs N] [--batch N] [--lr X] [--seed N] [--device cpu|best]

          --data FILE   label<TAB>sentence lines, e.g. a reviews.tsv of your own; the first 80% train and the
                        last 20% evaluate. Without it, built-in synthetic reviews.
          --epochs N    passes over the training sentences (default 3)
          --batch N     sentences per step (default 64)
          --lr X        Adam's learning rate (default 0.002)
          --seed N      seeds the weights, the shuffling and the synthetic reviews (default 0)
          --device D    cpu (default) or best (the first CUDA GPU when there is one)
        """;

    public static SentimentOptions Defaults { get; } = new(DataFile: null, Epochs: 3, BatchSize: 64, LearningRate: 2e-3f, Seed: 0, Device: "cpu");

    public static IReadOnlyDictionary<string, Func<SentimentOptions, string, string, SentimentOptions>> Handlers { get; } =
        new Dictionary<string, Func<SentimentOptions, string, string, SentimentOptions>>
        {
            ["--data"] = (options, _, value) => options with { DataFile = value },
            ["--epochs"] = (options, name, value) => options with { Epochs = CommandLine.PositiveInt(name, value) },
            ["--batch"] = (options, name, value) => options with { BatchSize = CommandLine.PositiveInt(name, value) },
            ["--lr"] = (options, name, value) => options with { LearningRate = CommandLine.PositiveFloat(name, value) },
            ["--seed"] = (options, name, value) => options with { Seed = CommandLine.Int(name, value) },
            ["--device"] = (options, name, value) => options with { Device = CommandLine.OneOf(name, value, "cpu", "best") },
        };
}

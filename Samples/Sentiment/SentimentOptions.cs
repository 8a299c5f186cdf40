using System.Globalization;

namespace Strata.Samples;

/// <summary>The sample's command line; <see cref="Parse"/> throws <see cref="FormatException"/> with a readable message.</summary>
internal sealed record SentimentOptions(string? DataFile, int Epochs, int BatchSize, float LearningRate, int Seed, string Device, bool Help)
{
    public const string Usage =
        """
        Usage: Sentiment [--data FILE] [--epochs N] [--batch N] [--lr X] [--seed N] [--device cpu|best]

          --data FILE   label<TAB>sentence lines, e.g. ../shared/data/sentiment/reviews.tsv; the first 80% train and the
                        last 20% evaluate. Without it, built-in synthetic reviews.
          --epochs N    passes over the training sentences (default 3)
          --batch N     sentences per step (default 64)
          --lr X        Adam's learning rate (default 0.002)
          --seed N      seeds the weights, the shuffling and the synthetic reviews (default 0)
          --device D    cpu (default) or best (the first CUDA GPU when there is one)
        """;

    public static SentimentOptions Parse(string[] args)
    {
        var options = new SentimentOptions(null, Epochs: 3, BatchSize: 64, LearningRate: 2e-3f, Seed: 0, Device: "cpu", Help: false);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { Help = true };
            }

            if (i + 1 >= args.Length)
            {
                throw new FormatException(name.StartsWith("--", StringComparison.Ordinal)
                    ? $"{name} needs a value."
                    : $"Unexpected argument '{name}'.");
            }

            var value = args[++i];
            options = name switch
            {
                "--data" => options with { DataFile = value },
                "--epochs" => options with { Epochs = PositiveInt(name, value) },
                "--batch" => options with { BatchSize = PositiveInt(name, value) },
                "--seed" => options with { Seed = Int(name, value) },
                "--lr" => options with { LearningRate = PositiveFloat(name, value) },
                "--device" => options with
                {
                    Device = value is "cpu" or "best" ? value : throw new FormatException($"--device must be cpu or best, got '{value}'."),
                },
                _ => throw new FormatException($"Unknown option '{name}'."),
            };
        }

        return options;
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"{name} expects an integer, got '{value}'.");

    private static int PositiveInt(string name, string value) =>
        Int(name, value) is var result and > 0 ? result : throw new FormatException($"{name} must be at least 1, got '{value}'.");

    private static float PositiveFloat(string name, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && float.IsFinite(result) && result > 0
            ? result
            : throw new FormatException($"{name} expects a positive number, got '{value}'.");
}

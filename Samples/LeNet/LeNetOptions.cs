namespace Strata.Samples;

/// <summary>The sample's command line, read by <see cref="CommandLine.TryParse"/>.</summary>
internal sealed record LeNetOptions(
    string? DataDirectory, int Epochs, int BatchSize, float LearningRate, int Seed, string Device)
{
    public const string Usage =
        """
        Usage: LeNet [--data DIR] [--epochs N] [--batch N] [--lr X] [--seed N] [--device cpu|best]

          --data DIR    a folder with MNIST IDX files (t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]);
                        trains on the first 80% (8,000 of the t10k set) and evaluates on the rest.
                        Without it, built-in synthetic digits (8,000 to train, 2,000 to evaluate).
          --epochs N    passes over the training set (default 10)
          --batch N     samples per step (default 64)
          --lr X        Adam's peak learning rate, decayed to zero along a cosine (default 0.002)
          --seed N      seeds the weights, the shuffling and the synthetic digits (default 0)
          --device D    cpu (default) or best (the first CUDA GPU when there is one)
        """;

    public static LeNetOptions Defaults { get; } = new(DataDirectory: null, Epochs: 10, BatchSize: 64, LearningRate: 2e-3f, Seed: 0, Device: "cpu");

    public static IReadOnlyDictionary<string, Func<LeNetOptions, string, string, LeNetOptions>> Handlers { get; } =
        new Dictionary<string, Func<LeNetOptions, string, string, LeNetOptions>>
        {
            ["--data"] = (options, _, value) => options with { DataDirectory = value },
            ["--epochs"] = (options, name, value) => options with { Epochs = CommandLine.PositiveInt(name, value) },
            ["--batch"] = (options, name, value) => options with { BatchSize = CommandLine.PositiveInt(name, value) },
            ["--lr"] = (options, name, value) => options with { LearningRate = CommandLine.PositiveFloat(name, value) },
            ["--seed"] = (options, name, value) => options with { Seed = CommandLine.Int(name, value) },
            ["--device"] = (options, name, value) => options with { Device = CommandLine.OneOf(name, value, "cpu", "best") },
        };
}

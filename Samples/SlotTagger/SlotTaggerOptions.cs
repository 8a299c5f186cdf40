namespace Strata.Samples;

/// <summary>The sample's command line, read by <see cref="CommandLine.TryParse"/>.</summary>
internal sealed record SlotTaggerOptions(int Epochs, int Seed, TaggerCell Cell)
{
    public const string Usage =
        """
        Usage: SlotTagger [--epochs N] [--seed N] [--cell lstm|gru]

          --epochs N    passes over the training sentences (default 5)
          --seed N      seeds the sentences, the weights and the shuffling (default 0)
          --cell C      the recurrent cell of both taggers: lstm (default) or gru
        """;

    public static SlotTaggerOptions Defaults { get; } = new(Epochs: 5, Seed: 0, Cell: TaggerCell.Lstm);

    public static IReadOnlyDictionary<string, Func<SlotTaggerOptions, string, string, SlotTaggerOptions>> Handlers { get; } =
        new Dictionary<string, Func<SlotTaggerOptions, string, string, SlotTaggerOptions>>
        {
            ["--epochs"] = (options, name, value) => options with { Epochs = CommandLine.PositiveInt(name, value) },
            ["--seed"] = (options, name, value) => options with { Seed = CommandLine.Int(name, value) },
            ["--cell"] = (options, name, value) => options with
            {
                Cell = CommandLine.OneOf(name, value, "lstm", "gru") == "gru" ? TaggerCell.Gru : TaggerCell.Lstm,
            },
        };
}

namespace Strata.Samples;

/// <summary>The sample's command line, read by <see cref="CommandLine.TryParse"/>.</summary>
internal sealed record CharRnnOptions(string Cell, int Epochs, string? DataFile, float LearningRate, int Seed, string Device)
{
    public const string Usage =
        """
        Usage: CharRnn [--cell rnn|lstm|gru] [--epochs N] [--data FILE] [--lr X] [--seed N] [--device cpu|best]

          --cell C      the recurrent layer: rnn (tanh), lstm (default) or gru; 256 hidden units
          --epochs N    passes over the text (default 500, as d2l)
          --data FILE   a UTF-8 text, e.g. data/text/timemachine.txt; its first 10,000 characters train
                        after d2l's preprocessing (letters lower-cased, everything else one space).
                        Without it, the opening of The Time Machine built into Strata (4,544 characters).
          --lr X        the SGD learning rate (default 1, as d2l; gradients are clipped at norm 1)
          --seed N      seeds the weights and the per-epoch offsets (default 0)
          --device D    cpu (default) or best (the first CUDA GPU when there is one)
        """;

    public static CharRnnOptions Defaults { get; } = new(Cell: "lstm", Epochs: 500, DataFile: null, LearningRate: 1f, Seed: 0, Device: "cpu");

    public static IReadOnlyDictionary<string, Func<CharRnnOptions, string, string, CharRnnOptions>> Handlers { get; } =
        new Dictionary<string, Func<CharRnnOptions, string, string, CharRnnOptions>>
        {
            ["--cell"] = (options, name, value) => options with { Cell = CommandLine.OneOf(name, value, "rnn", "lstm", "gru") },
            ["--epochs"] = (options, name, value) => options with { Epochs = CommandLine.PositiveInt(name, value) },
            ["--data"] = (options, _, value) => options with { DataFile = value },
            ["--lr"] = (options, name, value) => options with { LearningRate = CommandLine.PositiveFloat(name, value) },
            ["--seed"] = (options, name, value) => options with { Seed = CommandLine.Int(name, value) },
            ["--device"] = (options, name, value) => options with { Device = CommandLine.OneOf(name, value, "cpu", "best") },
        };
}

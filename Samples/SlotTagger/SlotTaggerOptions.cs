using System.Globalization;

namespace Strata.Samples;

/// <summary>The sample's command line; <see cref="Parse"/> throws <see cref="FormatException"/> with a readable message.</summary>
internal sealed record SlotTaggerOptions(int Epochs, int Seed, TaggerCell Cell, bool Help)
{
    public const string Usage =
        """
        Usage: SlotTagger [--epochs N] [--seed N] [--cell lstm|gru]

          --epochs N    passes over the training sentences (default 5)
          --seed N      seeds the sentences, the weights and the shuffling (default 0)
          --cell C      the recurrent cell of both taggers: lstm (default) or gru
        """;

    public static SlotTaggerOptions Parse(string[] args)
    {
        var options = new SlotTaggerOptions(Epochs: 5, Seed: 0, Cell: TaggerCell.Lstm, Help: false);
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
                "--epochs" => options with { Epochs = PositiveInt(name, value) },
                "--seed" => options with { Seed = Int(name, value) },
                "--cell" => options with
                {
                    Cell = value switch
                    {
                        "lstm" => TaggerCell.Lstm,
                        "gru" => TaggerCell.Gru,
                        _ => throw new FormatException($"--cell must be lstm or gru, got '{value}'."),
                    },
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
}

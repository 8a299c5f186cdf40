using System.Globalization;

namespace Strata.Samples;

/// <summary>The sample's command line; <see cref="Parse"/> throws <see cref="FormatException"/> with a readable message.</summary>
internal sealed record CharRnnOptions(string Cell, int Epochs, string? DataFile, float LearningRate, int Seed, string Device, bool Help)
{
    public const string Usage =
        """
        Usage: CharRnn [--cell rnn|lstm|gru] [--epochs N] [--data FILE] [--lr X] [--seed N] [--device cpu|best]

          --cell C      the recurrent layer: rnn (tanh), lstm (default) or gru; 256 hidden units
          --epochs N    passes over the text (default 500, as d2l)
          --data FILE   a UTF-8 text, e.g. ../shared/data/text/timemachine.txt; its first 10,000 characters train
                        after d2l's preprocessing (letters lower-cased, everything else one space).
                        Without it, the opening of The Time Machine built into Strata (4,544 characters).
          --lr X        the SGD learning rate (default 1, as d2l; gradients are clipped at norm 1)
          --seed N      seeds the weights and the per-epoch offsets (default 0)
          --device D    cpu (default) or best (the first CUDA GPU when there is one)
        """;

    public static CharRnnOptions Parse(string[] args)
    {
        var options = new CharRnnOptions("lstm", Epochs: 500, DataFile: null, LearningRate: 1f, Seed: 0, Device: "cpu", Help: false);
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
                "--cell" => options with
                {
                    Cell = value is "rnn" or "lstm" or "gru" ? value : throw new FormatException($"--cell must be rnn, lstm or gru, got '{value}'."),
                },
                "--epochs" => options with { Epochs = PositiveInt(name, value) },
                "--data" => options with { DataFile = value },
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

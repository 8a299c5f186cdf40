using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The SlotTagger sample's command line.</summary>
/// <param name="Epochs">Passes over the training sentences.</param>
/// <param name="Seed">Seeds the sentences, the weights and the shuffling.</param>
/// <param name="Cell">The recurrent cell of both taggers.</param>
public sealed record SlotTaggerOptions(int Epochs, int Seed, TaggerCell Cell)
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true with the options when the sample should run; false with the exit code
    /// after printing the help (0) or System.CommandLine's error and the help (non-zero) to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out SlotTaggerOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the training sentences", 5);
        var seed = SampleOption.Int("--seed", "seeds the sentences, the weights and the shuffling", 0);
        var cell = SampleOption.OneOf("--cell", "the recurrent cell of both taggers: lstm or gru", "lstm", "lstm", "gru");
        var command = new RootCommand(
            "Trains a bidirectional and a left-to-right tagger to mark departure and destination cities, which only the words after a city tell apart.")
        {
            epochs, seed, cell,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new SlotTaggerOptions(result.GetValue(epochs), result.GetValue(seed), result.GetValue(cell) == "gru" ? TaggerCell.Gru : TaggerCell.Lstm),
            output, error, out options, out exitCode);
    }
}

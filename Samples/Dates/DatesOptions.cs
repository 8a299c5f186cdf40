using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The Dates sample's command line.</summary>
public sealed record DatesOptions(
    int Train, int Test, int Epochs, int BatchSize, float LearningRate, int Beam, int Seed,
    string? HeatMapFile, string? PlotFile)
{
    /// <summary>Reads <paramref name="args"/>; false with the exit code after help (0) or an error.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out DatesOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var train = SampleOption.PositiveInt("--train", "training examples (dates from the training side of the calendar split)", 20_000);
        var test = SampleOption.PositiveInt("--test", "held-out examples (dates that never appear in training)", 2_000);
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the training examples", 6);
        var batch = SampleOption.PositiveInt("--batch", "examples per step", 64);
        var learningRate = SampleOption.PositiveFloat("--lr", "Adam's learning rate", 5e-3f);
        var beam = SampleOption.PositiveInt("--beam", "beam width for the final evaluation (1 = greedy only)", 3);
        var seed = SampleOption.Int("--seed", "seeds the weights, the calendar split and the shuffling", 0);
        var heatMap = SampleOption.Path("--heatmap", "FILE.png", "after training, draw the attention weights of a few test dates into this PNG");
        var plot = SampleOption.Path("--plot", "FILE.png", "after training, draw the loss and the exact-match accuracy by epoch into this PNG");
        var command = new RootCommand("Trains a GRU encoder-decoder with Bahdanau attention to rewrite human-written dates as ISO 8601.")
        {
            train, test, epochs, batch, learningRate, beam, seed, heatMap, plot,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new DatesOptions(
                result.GetValue(train), result.GetValue(test), result.GetValue(epochs), result.GetValue(batch), result.GetValue(learningRate),
                result.GetValue(beam), result.GetValue(seed), result.GetValue(heatMap),
                result.GetValue(plot)),
            output, error, out options, out exitCode);
    }
}

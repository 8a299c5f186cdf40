using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The Sentiment sample's command line.</summary>
/// <param name="DataFile">label&lt;TAB&gt;sentence lines; null for the built-in synthetic reviews.</param>
/// <param name="Epochs">Passes over the training sentences.</param>
/// <param name="BatchSize">Sentences per step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seeds the weights, the shuffling and the synthetic reviews.</param>
/// <param name="Device">"cpu" or "best".</param>
/// <param name="PlotFile">A .png to draw the training loss and the train and test accuracy by epoch into; null for none.</param>
/// <param name="Model">"bilstm" (<see cref="SentimentModel"/>) or "transformer" (<see cref="SentimentTransformer"/>).</param>
public sealed record SentimentOptions(string? DataFile, int Epochs, int BatchSize, float LearningRate, int Seed, string Device, string? PlotFile = null, string Model = "bilstm")
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true with the options when the sample should run; false with the exit code
    /// after printing the help (0) or System.CommandLine's error and the help (non-zero) to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out SentimentOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var data = SampleOption.Path("--data", "FILE",
            "label<TAB>sentence lines, e.g. a reviews.tsv of your own; the first 80% train and the last 20% evaluate. " +
            "Without it, built-in synthetic reviews.");
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the training sentences", 3);
        var batch = SampleOption.PositiveInt("--batch", "sentences per step", 64);
        var learningRate = SampleOption.PositiveFloat("--lr", "Adam's learning rate", 2e-3f);
        var seed = SampleOption.Int("--seed", "seeds the weights, the shuffling and the synthetic reviews", 0);
        var device = SampleOption.OneOf("--device", "cpu, or best (the first CUDA GPU when there is one)", "cpu", "cpu", "best");
        var plot = SampleOption.Path("--plot", "FILE.png", "after training, draw the training loss and the train and test accuracy by epoch into this PNG");
        var model = SampleOption.OneOf("--model", "bilstm (an embedding and a bidirectional LSTM) or transformer (an embedding, sinusoidal positions, two encoder layers and a masked mean)", "bilstm", "bilstm", "transformer");
        var command = new RootCommand("Trains a bidirectional LSTM (or a Transformer encoder) over characters to tell positive from negative reviews.")
        {
            data, epochs, batch, learningRate, seed, device, plot, model,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new SentimentOptions(
                result.GetValue(data), result.GetValue(epochs), result.GetValue(batch), result.GetValue(learningRate),
                result.GetValue(seed), result.GetValue(device)!, result.GetValue(plot), result.GetValue(model)!),
            output, error, out options, out exitCode);
    }
}

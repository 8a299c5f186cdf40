using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The ViT sample's command line.</summary>
/// <param name="DataDirectory">A folder with MNIST IDX files.</param>
/// <param name="Epochs">Passes over the (augmented) training set.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="LearningRate">AdamW's peak learning rate.</param>
/// <param name="Shifted">Randomly shifted copies of each training image added to the training set.</param>
/// <param name="Seed">Seeds the weights, the shifts and the shuffling.</param>
/// <param name="TrainCount">How many of the first 8,000 images train (all by default; fewer for a quick run).</param>
public sealed record VitOptions(string DataDirectory, int Epochs, int BatchSize, float LearningRate, int Shifted, int Seed, int TrainCount = 8000)
{
    /// <summary>Reads <paramref name="args"/>, as <see cref="LeNetOptions.TryParse"/> does.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out VitOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var data = SampleOption.Path("--data", "DIR", "a folder with MNIST's t10k IDX files; the first 8,000 images train, the last 2,000 evaluate");
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the training set and its shifted copies", 12);
        var batch = SampleOption.PositiveInt("--batch", "samples per step", 64);
        var learningRate = SampleOption.PositiveFloat("--lr", "AdamW's peak learning rate, warmed up over the first epoch, then decayed along a cosine", 2e-3f);
        var shifted = SampleOption.Int("--shifted", "randomly shifted (±2 pixels) copies of each training image", 2);
        var seed = SampleOption.Int("--seed", "seeds the weights, the shifts and the shuffling", 0);
        var train = SampleOption.PositiveInt("--train", "how many of the first 8,000 images train", 8000);
        var command = new RootCommand("Trains a ViT-tiny (7×7 patches, class token, learned positions) on MNIST and reports its accuracy on the last 2,000 images.")
        {
            data, epochs, batch, learningRate, shifted, seed, train,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new VitOptions(
                result.GetValue(data) ?? "data/mnist", result.GetValue(epochs), result.GetValue(batch), result.GetValue(learningRate),
                result.GetValue(shifted), result.GetValue(seed), Math.Min(result.GetValue(train), 8000)),
            output, error, out options, out exitCode);
    }
}

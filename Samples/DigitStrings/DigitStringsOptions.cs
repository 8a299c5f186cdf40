using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The DigitStrings sample's command line.</summary>
/// <param name="DataDirectory">A folder with MNIST's t10k IDX files.</param>
/// <param name="Epochs">Passes over the training lines.</param>
/// <param name="BatchSize">Lines per step.</param>
/// <param name="LearningRate">Adam's peak learning rate.</param>
/// <param name="TrainLines">How many training lines to draw from the first 8,000 images.</param>
/// <param name="TestLines">How many test lines to draw from the last 2,000 images.</param>
/// <param name="BeamWidth">The prefix beam search's width for the final test figures (0: greedy only).</param>
/// <param name="Seed">Seeds the weights, the lines and the shuffling.</param>
/// <param name="Device">"cpu" or "best".</param>
public sealed record DigitStringsOptions(
    string DataDirectory, int Epochs, int BatchSize, float LearningRate, int TrainLines, int TestLines, int BeamWidth, int Seed, string Device)
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true with the options when the sample should run; false with the exit code
    /// after printing the help (0) or System.CommandLine's error and the help (non-zero).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out DigitStringsOptions? options, out int exitCode, TextWriter? output = null,
        TextWriter? error = null)
    {
        var data = SampleOption.Path("--data", "DIR",
            "a folder with MNIST's t10k IDX files (t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]); training lines use " +
            "the first 8,000 images, test lines the last 2,000");
        data.DefaultValueFactory = _ => "data/mnist";
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the training lines", 12);
        var batch = SampleOption.PositiveInt("--batch", "lines per step", 32);
        var learningRate = SampleOption.PositiveFloat("--lr", "Adam's peak learning rate, decayed to zero along a cosine", 3e-3f);
        var trainLines = SampleOption.PositiveInt("--train-lines", "training lines to draw", 12000);
        var testLines = SampleOption.PositiveInt("--test-lines", "test lines to draw", 2000);
        var beam = SampleOption.Int("--beam", "prefix beam width for the final test figures (0: greedy only)", 8, minimum: 0);
        var seed = SampleOption.Int("--seed", "seeds the weights, the lines and the shuffling", 0);
        var device = SampleOption.OneOf("--device", "cpu, or best (the first CUDA GPU when there is one)", "cpu", "cpu", "best");
        var command = new RootCommand(
            "Trains a CRNN (convs, a bidirectional LSTM over the columns, CTC) to read lines of 3 to 6 handwritten MNIST digits " +
            "and reports whole-line accuracy and character error rate on lines of unseen images.")
        {
            data, epochs, batch, learningRate, trainLines, testLines, beam, seed, device,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new DigitStringsOptions(
                result.GetValue(data)!, result.GetValue(epochs), result.GetValue(batch), result.GetValue(learningRate),
                result.GetValue(trainLines), result.GetValue(testLines), result.GetValue(beam), result.GetValue(seed), result.GetValue(device)!),
            output, error, out options, out exitCode);
    }
}

using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The transfer sample's command line.</summary>
/// <param name="DataDirectory">A folder with MNIST IDX files; null for the built-in synthetic digits.</param>
/// <param name="PretrainEpochs">Epochs of pretraining on digits 0–4.</param>
/// <param name="Epochs">Epochs on digits 5–9, the same for fine-tuning and for training from scratch.</param>
/// <param name="Samples">Training samples of digits 5–9 used (the short budget).</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seeds the weights, the shuffling and the synthetic digits.</param>
public sealed record TransferOptions(
    string? DataDirectory, int PretrainEpochs, int Epochs, int Samples, int BatchSize, float LearningRate, int Seed)
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true with the options when the sample should run; false with the exit code
    /// after printing the help (0) or the error and the help (non-zero) to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out TransferOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var data = SampleOption.Path("--data", "DIR",
            "a folder with MNIST IDX files (t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]); the first 80% train, " +
            "the rest evaluate. Without it, 10,000 built-in synthetic digits split the same way.");
        var pretrain = SampleOption.PositiveInt("--pretrain-epochs", "epochs of pretraining on digits 0–4", 3);
        var epochs = SampleOption.PositiveInt("--epochs", "epochs on digits 5–9, for fine-tuning and for training from scratch alike", 1);
        var samples = SampleOption.PositiveInt("--samples", "training samples of digits 5–9 to use (the short budget)", 500);
        var batch = SampleOption.PositiveInt("--batch", "samples per step", 32);
        var learningRate = SampleOption.PositiveFloat("--lr", "Adam's learning rate", 2e-3f);
        var seed = SampleOption.Int("--seed", "seeds the weights, the shuffling and the synthetic digits", 0);
        var command = new RootCommand(
            "Pretrains LeNet on digits 0–4, then fine-tunes it on digits 5–9 with frozen convolutions and a new head, " +
            "against the same network trained from scratch on the same short budget; reports both accuracies and times.")
        {
            data, pretrain, epochs, samples, batch, learningRate, seed,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new TransferOptions(
                result.GetValue(data), result.GetValue(pretrain), result.GetValue(epochs), result.GetValue(samples),
                result.GetValue(batch), result.GetValue(learningRate), result.GetValue(seed)),
            output, error, out options, out exitCode);
    }
}

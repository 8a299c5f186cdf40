using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Strata.Samples;

namespace Strata.Zoo;

/// <summary>The zoo console's command line: <c>--summary</c>, or <c>--train resnet18|fcn</c> with its training options.</summary>
/// <param name="Summary">Print every zoo model's parameter count instead of training.</param>
/// <param name="Train">The model to train ("resnet18" or "fcn"); null with <paramref name="Summary"/>.</param>
/// <param name="DataDirectory">A folder with MNIST IDX files.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="LearningRate">Adam's peak learning rate.</param>
/// <param name="Seed">Seeds the weights and the shuffling.</param>
/// <param name="Limit">Train and evaluate on at most this many samples each (0: all); for quick checks. For the FCN, at most this many canvases per epoch and test canvases.</param>
/// <param name="Device">"cpu" or "best".</param>
/// <param name="Canvases">For the FCN: the training canvases drawn afresh each epoch (the test canvases are 1,000).</param>
public sealed record ZooOptions(
    bool Summary, string? Train, string? DataDirectory, int Epochs, int BatchSize, float LearningRate, int Seed, int Limit, string Device,
    int Canvases = ZooOptions.DefaultCanvases)
{
    /// <summary>The FCN's default training canvases per epoch.</summary>
    public const int DefaultCanvases = 3000;

    /// <summary>The FCN's batch size when <c>--batch</c> is not given (ResNet-18's is 64).</summary>
    public const int DefaultFcnBatchSize = 32;

    /// <summary>
    /// Reads <paramref name="args"/>; true with the options when the console should run, false with the exit code after
    /// printing the help or the error (to <paramref name="output"/> and <paramref name="error"/>, the console when null).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out ZooOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var summary = new Option<bool>("--summary") { Description = "print each zoo model's parameter count at ImageNet settings (allocates no weights)" };
        var train = new Option<string?>("--train")
        {
            Description = "train a zoo model on MNIST: resnet18 classifies digits, fcn segments 64x64 canvases of 1-3 digits",
            HelpName = "resnet18|fcn",
        };
        train.AcceptOnlyFromAmong("resnet18", "fcn");
        var data = SampleOption.Path("--data", "DIR",
            "a folder with MNIST IDX files (t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]); trains on the first 8,000 and evaluates on the last 2,000");
        var epochs = SampleOption.Int("--epochs", "passes over the training set", 5, minimum: 0);
        var batch = SampleOption.PositiveInt("--batch", $"samples per step (fcn: {DefaultFcnBatchSize} unless given)", 64);
        var learningRate = SampleOption.PositiveFloat("--lr", "Adam's peak learning rate, decayed to zero along a cosine", 1e-3f);
        var seed = SampleOption.Int("--seed", "seeds the weights and the shuffling", 0);
        var limit = SampleOption.Int("--limit", "train and evaluate on at most N samples each (0: all), for a quick check", 0, minimum: 0);
        var canvases = SampleOption.PositiveInt("--canvases", "fcn: training canvases per epoch, drawn afresh from the 8,000 digits each epoch", DefaultCanvases);
        var device = SampleOption.OneOf("--device", "cpu, or best (the first CUDA GPU when there is one)", "cpu", "cpu", "best");
        var command = new RootCommand("The model zoo: lists every model's parameter count, trains ResNet-18 (small-input stem) on MNIST, or trains an FCN to segment MNIST canvases.")
        {
            summary, train, data, epochs, batch, learningRate, seed, limit, canvases, device,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(summary) == (result.GetValue(train) is not null))
            {
                result.AddError("give either --summary or --train resnet18|fcn");
            }
            else if (result.GetValue(train) is not null && result.GetValue(data) is null)
            {
                result.AddError("--train needs --data DIR (MNIST, e.g. data/mnist)");
            }
        });

        return SampleCommandLine.TryParse(
            command, args,
            result => new ZooOptions(
                result.GetValue(summary), result.GetValue(train), result.GetValue(data), result.GetValue(epochs),
                result.GetValue(train) == "fcn" && result.GetResult(batch) is null or { Implicit: true } ? DefaultFcnBatchSize : result.GetValue(batch),
                result.GetValue(learningRate), result.GetValue(seed), result.GetValue(limit), result.GetValue(device)!, result.GetValue(canvases)),
            output, error, out options, out exitCode);
    }
}

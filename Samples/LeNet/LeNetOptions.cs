using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The LeNet sample's command line.</summary>
/// <param name="DataDirectory">A folder with MNIST IDX files; null for the built-in synthetic digits.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="LearningRate">Adam's peak learning rate.</param>
/// <param name="Seed">Seeds the weights, the shuffling and the synthetic digits.</param>
/// <param name="Device">"cpu" or "best".</param>
/// <param name="PlotFile">A .png to draw the loss and accuracy curves into after training; null for none.</param>
/// <param name="Distributed">Train data-parallel over MPI, one rank per process started by <c>mpiexec.mpich -n N</c>.</param>
public sealed record LeNetOptions(
    string? DataDirectory, int Epochs, int BatchSize, float LearningRate, int Seed, string Device, string? PlotFile = null,
    bool Distributed = false)
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true with the options when the sample should run; false with the exit code
    /// after printing the help (0) or System.CommandLine's error and the help (non-zero) to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out LeNetOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var data = SampleOption.Path("--data", "DIR",
            "a folder with MNIST IDX files (t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]); trains on the first 80% " +
            "(8,000 of the t10k set) and evaluates on the rest. Without it, built-in synthetic digits (8,000 to train, 2,000 to evaluate).");
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the training set", 10);
        var batch = SampleOption.PositiveInt("--batch", "samples per step", 64);
        var learningRate = SampleOption.PositiveFloat("--lr", "Adam's peak learning rate, decayed to zero along a cosine", 3e-3f);
        var seed = SampleOption.Int("--seed", "seeds the weights, the shuffling and the synthetic digits", 0);
        var device = SampleOption.OneOf("--device", "cpu, or best (the first CUDA GPU when there is one)", "cpu", "cpu", "best");
        var plot = SampleOption.Path("--plot", "FILE.png", "after training, draw the train and eval loss and accuracy by epoch into this PNG");
        var distributed = new Option<bool>("--distributed")
        {
            Description = "train data-parallel over MPI: start with `mpiexec.mpich -n N ... -- --distributed`; --batch is the global " +
                "batch, split between the ranks; only rank 0 prints and plots (needs MPICH: apt-get install mpich)",
        };
        var command = new RootCommand("Trains LeNet-5 on MNIST (or synthetic digits) and reports its test accuracy.")
        {
            data, epochs, batch, learningRate, seed, device, plot, distributed,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new LeNetOptions(
                result.GetValue(data), result.GetValue(epochs), result.GetValue(batch), result.GetValue(learningRate),
                result.GetValue(seed), result.GetValue(device)!, result.GetValue(plot), result.GetValue(distributed)),
            output, error, out options, out exitCode);
    }
}

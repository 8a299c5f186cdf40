using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Strata.Samples;

/// <summary>The CharRnn sample's command line.</summary>
/// <param name="Cell">"rnn", "lstm" or "gru".</param>
/// <param name="Epochs">Passes over the text.</param>
/// <param name="DataFile">A UTF-8 text; null for the built-in opening of The Time Machine.</param>
/// <param name="LearningRate">The SGD learning rate.</param>
/// <param name="Seed">Seeds the weights and the per-epoch offsets.</param>
/// <param name="Device">"cpu" or "best".</param>
/// <param name="PlotFile">A .png to draw the training loss (log perplexity) by epoch into after training; null for none.</param>
public sealed record CharRnnOptions(
    string Cell, int Epochs, string? DataFile, float LearningRate, int Seed, string Device, string? PlotFile = null, bool Distributed = false)
{
    /// <summary>
    /// Reads <paramref name="args"/>. Returns true with the options when the sample should run; false with the exit code
    /// after printing the help (0) or System.CommandLine's error and the help (non-zero) to <paramref name="output"/> and
    /// <paramref name="error"/> (the console when null).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, [NotNullWhen(true)] out CharRnnOptions? options, out int exitCode, TextWriter? output = null, TextWriter? error = null)
    {
        var cell = SampleOption.OneOf("--cell", "the recurrent layer: rnn (tanh), lstm or gru; 256 hidden units", "lstm", "rnn", "lstm", "gru");
        var epochs = SampleOption.PositiveInt("--epochs", "passes over the text (500 as d2l)", 500);
        var data = SampleOption.Path("--data", "FILE",
            "a UTF-8 text, e.g. data/text/timemachine.txt; its first 10,000 characters train after d2l's preprocessing " +
            "(letters lower-cased, everything else one space). Without it, the opening of The Time Machine built into Strata (4,544 characters).");
        var learningRate = SampleOption.PositiveFloat("--lr", "the SGD learning rate (1 as d2l; gradients are clipped at norm 1)", 1f);
        var seed = SampleOption.Int("--seed", "seeds the weights and the per-epoch offsets", 0);
        var device = SampleOption.OneOf("--device", "cpu, or best (the first CUDA GPU when there is one)", "cpu", "cpu", "best");
        var plot = SampleOption.Path("--plot", "FILE.png", "after training, draw the training loss (log perplexity) by epoch into this PNG");
        var distributed = new Option<bool>("--distributed")
        {
            Description = "train data-parallel over MPI: start with `mpiexec.mpich -n N ... -- --distributed`; each rank takes its rows " +
                "of every batch of 32; only rank 0 prints and plots (needs MPICH: apt-get install mpich)",
        };
        var command = new RootCommand("Trains d2l's character-level language model on The Time Machine and continues a prompt.")
        {
            cell, epochs, data, learningRate, seed, device, plot, distributed,
        };

        return SampleCommandLine.TryParse(
            command, args,
            result => new CharRnnOptions(
                result.GetValue(cell)!, result.GetValue(epochs), result.GetValue(data), result.GetValue(learningRate),
                result.GetValue(seed), result.GetValue(device)!, result.GetValue(plot), result.GetValue(distributed)),
            output, error, out options, out exitCode);
    }
}

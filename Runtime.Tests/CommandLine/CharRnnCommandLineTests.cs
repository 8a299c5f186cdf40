using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The CharRnn sample's command line, read by System.CommandLine.</summary>
public class CharRnnCommandLineTests
{
    private static CommandLineRun<CharRnnOptions> Parse(params string[] args) => CommandLineRun<CharRnnOptions>.Of(CharRnnOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(new CharRnnOptions(Cell: "lstm", Epochs: 500, DataFile: null, LearningRate: 1f, Seed: 0, Device: "cpu"), run.Options);
        Assert.Empty(run.Output + run.Error);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Every_option_is_read(string cell)
    {
        var run = Parse("--cell", cell, "--epochs", "2", "--data", "book.txt", "--lr", "0.25", "--seed", "3", "--device", "best", "--plot", "lm.png", "--distributed");

        Assert.True(run.Runs);
        Assert.Equal(new CharRnnOptions(cell, 2, "book.txt", 0.25f, 3, "best", "lm.png", Distributed: true), run.Options);
    }

    [Fact]
    public void Help_exits_0_and_lists_each_option_with_its_default()
    {
        Parse("--help").AssertHelpShows(
            "character-level language model",
            "--cell <gru|lstm|rnn> the recurrent layer: rnn (tanh), lstm or gru; 256 hidden units [default: lstm]",
            "--epochs <N> passes over the text (500 as d2l) [default: 500]",
            "--data <FILE> a UTF-8 text",
            "--lr <X> the SGD learning rate (1 as d2l; gradients are clipped at norm 1) [default: 1]",
            "--seed <N> seeds the weights and the per-epoch offsets [default: 0]",
            "--device <best|cpu> cpu, or best (the first CUDA GPU when there is one) [default: cpu]",
            "--plot <FILE.png> after training, draw the training loss (log perplexity) by epoch into this PNG");
    }

    [Theory]
    [InlineData("--cell foo", "Argument 'foo' not recognized. Must be one of:")]
    [InlineData("--cell LSTM", "Argument 'LSTM' not recognized. Must be one of:")]
    [InlineData("--epochs 0", "--epochs must be at least 1, got '0'.")]
    [InlineData("--lr -1", "--lr expects a positive number, got '-1'.")]
    [InlineData("--lr Infinity", "--lr expects a positive number, got 'Infinity'.")]
    [InlineData("--device cuda", "Argument 'cuda' not recognized. Must be one of:")]
    [InlineData("--data", "Required argument missing for option: '--data'.")]
    [InlineData("--cells gru", "Unrecognized command or argument '--cells'.")]
    public void A_bad_command_line_exits_non_zero_with_the_error_and_the_help(string args, string error) =>
        Parse(args.Split(' ')).AssertFailsWith(error);
}

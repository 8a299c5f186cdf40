using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The SlotTagger sample's command line, read by System.CommandLine.</summary>
public class SlotTaggerCommandLineTests
{
    private static CommandLineRun<SlotTaggerOptions> Parse(params string[] args) => CommandLineRun<SlotTaggerOptions>.Of(SlotTaggerOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(new SlotTaggerOptions(Epochs: 5, Seed: 0, Cell: TaggerCell.Lstm), run.Options);
        Assert.Empty(run.Output + run.Error);
    }

    [Theory]
    [InlineData("lstm", TaggerCell.Lstm)]
    [InlineData("gru", TaggerCell.Gru)]
    public void Every_option_is_read(string cell, TaggerCell expected)
    {
        var run = Parse("--epochs", "9", "--seed", "11", "--cell", cell);

        Assert.True(run.Runs);
        Assert.Equal(new SlotTaggerOptions(9, 11, expected), run.Options);
    }

    [Fact]
    public void Help_exits_0_and_lists_each_option_with_its_default()
    {
        Parse("--help").AssertHelpShows(
            "departure and destination cities",
            "--epochs <N> passes over the training sentences [default: 5]",
            "--seed <N> seeds the sentences, the weights and the shuffling [default: 0]",
            "--cell <gru|lstm> the recurrent cell of both taggers: lstm or gru [default: lstm]");
    }

    [Theory]
    [InlineData("--cell foo", "Argument 'foo' not recognized. Must be one of:")]
    [InlineData("--cell rnn", "Argument 'rnn' not recognized. Must be one of:")]
    [InlineData("--epochs 0", "--epochs must be at least 1, got '0'.")]
    [InlineData("--epochs 2 --epochs 3", "Option '--epochs' expects a single argument but 2 were provided.")]
    [InlineData("--lr 1", "Unrecognized command or argument '--lr'.")]
    public void A_bad_command_line_exits_non_zero_with_the_error_and_the_help(string args, string error) =>
        Parse(args.Split(' ')).AssertFailsWith(error);
}

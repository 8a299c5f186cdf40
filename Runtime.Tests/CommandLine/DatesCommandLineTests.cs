using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The Dates sample's command line, read by System.CommandLine.</summary>
public class DatesCommandLineTests
{
    private static CommandLineRun<DatesOptions> Parse(params string[] args) => CommandLineRun<DatesOptions>.Of(DatesOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(new DatesOptions(20_000, 2_000, 6, 64, 5e-3f, 3, 0, null, null), run.Options);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var run = Parse(
            "--train", "100", "--test", "10", "--epochs", "2", "--batch", "8", "--lr", "1e-3",
            "--beam", "4", "--seed", "3", "--heatmap", "a.png", "--plot", "p.png");

        Assert.True(run.Runs);
        Assert.Equal(new DatesOptions(100, 10, 2, 8, 1e-3f, 4, 3, "a.png", "p.png"), run.Options);
    }

    [Theory]
    [InlineData("--beam 0", "--beam must be at least 1, got '0'.")]
    [InlineData("--epochs x", "--epochs expects")]
    [InlineData("dates.txt", "Unrecognized command or argument 'dates.txt'.")]
    public void A_bad_command_line_exits_non_zero_with_the_error_and_the_help(string args, string error) =>
        Parse(args.Split(' ')).AssertFailsWith(error);
}

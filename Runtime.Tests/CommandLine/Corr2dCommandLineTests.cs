using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The Corr2d sample's command line: no options, only --help.</summary>
public class Corr2dCommandLineTests
{
    private static CommandLineRun<object> Parse(params string[] args) =>
        CommandLineRun<object>.Of(
            (IReadOnlyList<string> a, out object? options, out int exitCode, TextWriter? output, TextWriter? error) =>
            {
                var runs = Corr2dCommandLine.TryParse(a, out exitCode, output, error);
                options = runs ? a : null;
                return runs;
            },
            args);

    [Fact]
    public void No_arguments_run_the_sample()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Output + run.Error);
    }

    [Fact]
    public void Help_exits_0_and_describes_the_sample() =>
        Parse("--help").AssertHelpShows("learns the edge-detector kernel (1, -1)", "-?, -h, --help");

    [Theory]
    [InlineData("--epochs 3", "Unrecognized command or argument '--epochs'.")]
    [InlineData("extra", "Unrecognized command or argument 'extra'.")]
    public void A_bad_command_line_exits_non_zero_with_the_error_and_the_help(string args, string error) =>
        Parse(args.Split(' ')).AssertFailsWith(error);
}

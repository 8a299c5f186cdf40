using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The DigitStrings sample's command line, read by System.CommandLine.</summary>
public class DigitStringsCommandLineTests
{
    private static CommandLineRun<DigitStringsOptions> Parse(params string[] args) =>
        CommandLineRun<DigitStringsOptions>.Of(DigitStringsOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(new DigitStringsOptions("data/mnist", 12, 32, 3e-3f, 12000, 2000, 8, 0, "cpu"), run.Options);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var run = Parse("--data", "m", "--epochs", "2", "--batch", "8", "--lr", "0.01", "--train-lines", "100", "--test-lines", "50",
            "--beam", "0", "--seed", "3", "--device", "best");

        Assert.True(run.Runs);
        Assert.Equal(new DigitStringsOptions("m", 2, 8, 0.01f, 100, 50, 0, 3, "best"), run.Options);
    }

    [Fact]
    public void A_negative_beam_width_is_refused()
    {
        Assert.False(Parse("--beam", "-1").Runs);
    }
}

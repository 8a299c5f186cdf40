using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The ViT sample's command line, read by System.CommandLine.</summary>
public class VitCommandLineTests
{
    private static CommandLineRun<VitOptions> Parse(params string[] args) => CommandLineRun<VitOptions>.Of(VitOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults_and_every_option_is_read()
    {
        Assert.Equal(new VitOptions("data/mnist", 12, 64, 2e-3f, 2, 0), Parse().Options);
        Assert.Equal(
            new VitOptions("m", 3, 32, 1e-3f, 0, 5, 1000),
            Parse("--data", "m", "--epochs", "3", "--batch", "32", "--lr", "1e-3", "--shifted", "0", "--seed", "5", "--train", "1000").Options);
    }

    [Fact]
    public void Help_lists_the_options()
    {
        Parse("--help").AssertHelpShows(
            "Trains a ViT-tiny",
            "--shifted <N> randomly shifted (±2 pixels) copies of each training image [default: 2]",
            "--train <N> how many of the first 8,000 images train [default: 8000]");
    }
}

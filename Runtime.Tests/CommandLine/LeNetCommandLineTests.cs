using System.Globalization;
using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The LeNet sample's command line, read by System.CommandLine.</summary>
public class LeNetCommandLineTests
{
    private static CommandLineRun<LeNetOptions> Parse(params string[] args) => CommandLineRun<LeNetOptions>.Of(LeNetOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(new LeNetOptions(DataDirectory: null, Epochs: 10, BatchSize: 64, LearningRate: 3e-3f, Seed: 0, Device: "cpu"), run.Options);
        Assert.Empty(run.Output + run.Error);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var run = Parse("--data", "mnist", "--epochs", "3", "--batch", "32", "--lr", "0.5", "--seed", "-7", "--device", "best", "--plot", "out/lenet.png", "--distributed");

        Assert.True(run.Runs);
        Assert.Equal(new LeNetOptions("mnist", 3, 32, 0.5f, -7, "best", "out/lenet.png", Distributed: true), run.Options);
    }

    [Fact]
    public void Help_exits_0_and_lists_each_option_with_its_default()
    {
        Parse("--help").AssertHelpShows(
            "Trains LeNet-5 on MNIST",
            "--data <DIR> a folder with MNIST IDX files",
            "--epochs <N> passes over the training set [default: 10]",
            "--batch <N> samples per step [default: 64]",
            "--lr <X> Adam's peak learning rate, decayed to zero along a cosine [default: 0.003]",
            "--seed <N> seeds the weights, the shuffling and the synthetic digits [default: 0]",
            "--device <best|cpu> cpu, or best (the first CUDA GPU when there is one) [default: cpu]",
            "--plot <FILE.png> after training, draw the train and eval loss and accuracy by epoch into this PNG");
    }

    [Fact]
    public void Help_shows_the_defaults_as_the_options_read_them_whatever_the_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            var run = Parse("--help");

            run.AssertHelpShows("[default: 0.003]");
            Assert.Equal(3e-3f, Parse("--lr", "0.003").Options!.LearningRate);
            Assert.Same(CultureInfo.GetCultureInfo("de-DE"), CultureInfo.CurrentCulture);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("--epochs 0", "--epochs must be at least 1, got '0'.")]
    [InlineData("--batch -3", "--batch must be at least 1, got '-3'.")]
    [InlineData("--batch x", "--batch expects an integer, got 'x'.")]
    [InlineData("--lr 0", "--lr expects a positive number, got '0'.")]
    [InlineData("--lr NaN", "--lr expects a positive number, got 'NaN'.")]
    [InlineData("--seed 1.5", "--seed expects an integer, got '1.5'.")]
    [InlineData("--device gpu", "Argument 'gpu' not recognized. Must be one of:")]
    [InlineData("--epochs", "Required argument missing for option: '--epochs'.")]
    [InlineData("--frobnicate 1", "Unrecognized command or argument '--frobnicate'.")]
    public void A_bad_command_line_exits_non_zero_with_the_error_and_the_help(string args, string error) =>
        Parse(args.Split(' ')).AssertFailsWith(error);
}

using Strata.Samples;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The Sentiment sample's command line, read by System.CommandLine.</summary>
public class SentimentCommandLineTests
{
    private static CommandLineRun<SentimentOptions> Parse(params string[] args) => CommandLineRun<SentimentOptions>.Of(SentimentOptions.TryParse, args);

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var run = Parse();

        Assert.True(run.Runs);
        Assert.Equal(new SentimentOptions(DataFile: null, Epochs: 3, BatchSize: 64, LearningRate: 2e-3f, Seed: 0, Device: "cpu"), run.Options);
        Assert.Empty(run.Output + run.Error);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var run = Parse("--data", "reviews.tsv", "--epochs", "1", "--batch", "8", "--lr", "1e-3", "--seed", "42", "--device", "cpu", "--plot", "s.png");

        Assert.True(run.Runs);
        Assert.Equal(new SentimentOptions("reviews.tsv", 1, 8, 1e-3f, 42, "cpu", "s.png"), run.Options);
    }

    [Fact]
    public void The_model_option_picks_the_transformer_and_rejects_others()
    {
        Assert.Equal("transformer", Parse("--model", "transformer").Options!.Model);
        Assert.False(Parse("--model", "gru").Runs);
    }

    [Fact]
    public void Help_exits_0_and_lists_each_option_with_its_default()
    {
        Parse("--help").AssertHelpShows(
            "positive from negative reviews",
            "--data <FILE> label<TAB>sentence lines",
            "--epochs <N> passes over the training sentences [default: 3]",
            "--batch <N> sentences per step [default: 64]",
            "--lr <X> Adam's learning rate [default: 0.002]",
            "--seed <N> seeds the weights, the shuffling and the synthetic reviews [default: 0]",
            "--device <best|cpu> cpu, or best (the first CUDA GPU when there is one) [default: cpu]",
            "--plot <FILE.png> after training, draw the training loss and the train and test accuracy by epoch into this PNG");
    }

    [Theory]
    [InlineData("--epochs 0", "--epochs must be at least 1, got '0'.")]
    [InlineData("--batch 0", "--batch must be at least 1, got '0'.")]
    [InlineData("--lr abc", "--lr expects a positive number, got 'abc'.")]
    [InlineData("--seed 99999999999", "--seed expects an integer, got '99999999999'.")]
    [InlineData("--device gpu", "Argument 'gpu' not recognized. Must be one of:")]
    [InlineData("reviews.tsv", "Unrecognized command or argument 'reviews.tsv'.")]
    public void A_bad_command_line_exits_non_zero_with_the_error_and_the_help(string args, string error) =>
        Parse(args.Split(' ')).AssertFailsWith(error);
}

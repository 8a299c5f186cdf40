using System.Diagnostics;
using Strata.Runtime.Tests.Data;
using Strata.Zoo;

namespace Strata.Runtime.Tests.CommandLine;

/// <summary>The zoo console's command line (<c>--summary</c>, <c>--train resnet18|fcn</c>), and one tiny training run of the built console for each model.</summary>
public class ZooCommandLineTests
{
    private static CommandLineRun<ZooOptions> Parse(params string[] args) => CommandLineRun<ZooOptions>.Of(ZooOptions.TryParse, args);

    [Fact]
    public void Train_gives_the_defaults()
    {
        var run = Parse("--train", "resnet18", "--data", "data/mnist");

        Assert.True(run.Runs);
        Assert.Equal(new ZooOptions(false, "resnet18", "data/mnist", Epochs: 5, BatchSize: 64, LearningRate: 1e-3f, Seed: 0, Limit: 0, Device: "cpu"), run.Options);
        Assert.Empty(run.Output + run.Error);
    }

    [Fact]
    public void Train_fcn_gives_the_defaults_and_reads_canvases()
    {
        var run = Parse("--train", "fcn", "--data", "data/mnist");

        Assert.True(run.Runs);
        Assert.Equal(new ZooOptions(false, "fcn", "data/mnist", Epochs: 5, BatchSize: 32, LearningRate: 1e-3f, Seed: 0, Limit: 0, Device: "cpu", Canvases: 3000), run.Options);
        Assert.Equal(500, Parse("--train", "fcn", "--data", "d", "--canvases", "500").Options!.Canvases);
        Assert.Equal(64, Parse("--train", "fcn", "--data", "d", "--batch", "64").Options!.BatchSize);
        Parse("--train", "fcn", "--data", "d", "--canvases", "0").AssertFailsWith("--canvases must be at least 1");
        Parse("--train", "fcn").AssertFailsWith("--train needs --data DIR");
    }

    [Fact]
    public void Summary_runs_alone()
    {
        var run = Parse("--summary");

        Assert.True(run.Runs);
        Assert.True(run.Options!.Summary);
        Assert.Null(run.Options.Train);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var run = Parse("--train", "resnet18", "--data", "mnist", "--epochs", "0", "--batch", "8", "--lr", "0.5", "--seed", "-3", "--limit", "100", "--device", "best");

        Assert.True(run.Runs);
        Assert.Equal(new ZooOptions(false, "resnet18", "mnist", 0, 8, 0.5f, -3, 100, "best"), run.Options);
    }

    [Theory]
    [InlineData(new string[0], "give either --summary or --train resnet18")]
    [InlineData(new[] { "--summary", "--train", "resnet18", "--data", "d" }, "give either --summary or --train resnet18")]
    [InlineData(new[] { "--train", "resnet18" }, "--train needs --data DIR")]
    [InlineData(new[] { "--train", "vgg", "--data", "d" }, "vgg")]
    [InlineData(new[] { "--train", "resnet18", "--data", "d", "--epochs", "-1" }, "--epochs must be at least 0")]
    public void A_wrong_command_line_fails_with_its_error(string[] args, string error) => Parse(args).AssertFailsWith(error);

    [Fact]
    public void Help_lists_each_option_with_its_default() =>
        Parse("--help").AssertHelpShows(
            "trains ResNet-18 (small-input stem) on MNIST",
            "--summary print each zoo model's parameter count",
            "--epochs <N> passes over the training set [default: 5]",
            "--batch <N> samples per step (fcn: 32 unless given) [default: 64]",
            "--lr <X> Adam's peak learning rate, decayed to zero along a cosine [default: 0.001]",
            "--limit <N> train and evaluate on at most N samples each (0: all), for a quick check [default: 0]",
            "--canvases <N> fcn: training canvases per epoch, drawn afresh from the 8,000 digits each epoch [default: 3000]");

    /// <summary>The built console trains one epoch of 32 real digits and ends with its accuracy line (seconds, not the 15-minute run).</summary>
    [Fact]
    public async Task A_tiny_training_run_prints_progress_wall_time_and_test_accuracy()
    {
        var output = await RunZoo("--train", "resnet18", "--data", RepoData.Path("mnist"), "--epochs", "1", "--limit", "32", "--batch", "16");
        Assert.Contains("32 to train, 32 to evaluate", output, StringComparison.Ordinal);
        Assert.Matches(@"epoch 1/1 +loss \d", output);
        Assert.Matches(@"wall time: \d+\.\d s", output);
        Assert.Matches(@"test accuracy: \d{1,3}\.\d\d%\n?$", output.ReplaceLineEndings("\n").TrimEnd() + "\n");
    }

    /// <summary>The built console trains the FCN one epoch on 8 canvases and ends with its pixel accuracy and mean IoU.</summary>
    [Fact]
    public async Task A_tiny_fcn_run_prints_progress_wall_time_pixel_accuracy_and_mean_iou()
    {
        var output = await RunZoo("--train", "fcn", "--data", RepoData.Path("mnist"), "--epochs", "1", "--limit", "8", "--batch", "4");
        Assert.Contains("8 training canvases per epoch from 8,000 digits, 8 test canvases from 2,000 digits", output, StringComparison.Ordinal);
        Assert.Matches(@"background everywhere on the test canvases: mean IoU 0\.\d{4}", output);
        Assert.Matches(@"epoch 1/1 +loss \d", output);
        Assert.Matches(@"wall time: \d+\.\d s", output);
        Assert.Matches(@"pixel accuracy: \d{1,3}\.\d\d%\nmean IoU: [01]\.\d{4}\n?$", output.ReplaceLineEndings("\n").TrimEnd() + "\n");
    }

    /// <summary>Runs the built Zoo console with <paramref name="args"/>; asserts it exits with 0 and returns what it printed.</summary>
    private static async Task<string> RunZoo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Path.GetDirectoryName(typeof(ZooOptions).Assembly.Location)!, "Zoo.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await error);
        return output;
    }
}

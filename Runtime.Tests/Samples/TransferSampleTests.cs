using Strata.Data;
using Strata.Runtime.Tests.CommandLine;
using Strata.Samples;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.Samples;

public class TransferSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void A_short_run_loads_the_body_by_name_keeps_the_new_head_and_beats_chance_both_ways()
    {
        var options = new TransferOptions(null, PretrainEpochs: 2, Epochs: 1, Samples: 300, BatchSize: 32, LearningRate: 2e-3f, Seed: 0);
        var report = TransferExperiment.Run(options, SyntheticDigits.Generate(2_000, seed: 0), Device.Cpu(), output: null);

        Assert.Equal(
            ["C1.weight", "C1.bias", "C3.weight", "C3.bias", "F5.weight", "F5.bias", "F6.weight", "F6.bias"], report.BodyLoad.Loaded);
        Assert.Equal(["Head.weight", "Head.bias"], report.BodyLoad.Missing);
        Assert.Equal(["Out.weight", "Out.bias"], report.BodyLoad.Unexpected);
        output.WriteLine($"pretrained {report.PretrainAccuracy:P1} in {report.PretrainSeconds:F1} s; {report.FineTuned}; {report.Scratch}");

        // Five classes: chance is 20%.
        Assert.InRange(report.PretrainAccuracy, 0.5f, 1f);
        Assert.InRange(report.FineTuned.Accuracy, 0.4f, 1f);
        Assert.InRange(report.Scratch.Accuracy, 0.2f, 1f);
    }

    [Fact]
    public void The_command_line_has_short_defaults_and_reads_every_option()
    {
        var defaults = CommandLineRun<TransferOptions>.Of(TransferOptions.TryParse);
        Assert.Equal(new TransferOptions(null, 3, 1, 500, 32, 2e-3f, 0), defaults.Options);

        var run = CommandLineRun<TransferOptions>.Of(
            TransferOptions.TryParse, "--data", "data/mnist", "--pretrain-epochs", "2", "--epochs", "4", "--samples", "100", "--batch", "16", "--lr", "0.01", "--seed", "3");
        Assert.Equal(new TransferOptions("data/mnist", 2, 4, 100, 16, 0.01f, 3), run.Options);
        CommandLineRun<TransferOptions>.Of(TransferOptions.TryParse, "--samples", "0").AssertFailsWith("--samples");
    }
}

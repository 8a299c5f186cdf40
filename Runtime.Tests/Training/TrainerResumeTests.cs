using System.Diagnostics;
using Strata.IO;
using Strata.Runtime.Tests.Worker;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.Training;

public sealed class TrainerResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-resume-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Four_epochs_straight_equal_two_then_two_more_in_a_new_process_bit_for_bit()
    {
        var timeout = TimeSpan.FromMinutes(2);
        var clock = Stopwatch.StartNew();
        var checkpoint = Path.Combine(_directory, "run.ckpt.safetensors");
        var straight = Path.Combine(_directory, "straight.safetensors");
        var half = Path.Combine(_directory, "half.safetensors");
        var resumed = Path.Combine(_directory, "resumed.safetensors");

        WorkerProcess.Run(timeout, "train", "-", "4", straight);
        WorkerProcess.Run(timeout, "train", checkpoint, "2", half);
        Assert.Equal(2, Checkpoint.Read(checkpoint).Epoch);
        WorkerProcess.Run(timeout, "train", checkpoint, "4", resumed, checkpoint);
        output.WriteLine($"three worker runs: {clock.Elapsed.TotalSeconds:F1} s");

        var expected = SafeTensorsFile.Read(straight).Tensors;
        var actual = SafeTensorsFile.Read(resumed).Tensors;
        var afterTwo = SafeTensorsFile.Read(half).Tensors;
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
        {
            Assert.True(tensor.Data.Span.SequenceEqual(actual[name].Data.Span), $"{name} differs after resuming.");
        }

        // The last two epochs did change the weights, so the equality above says something.
        Assert.Contains(expected, e => !e.Value.Data.Span.SequenceEqual(afterTwo[e.Key].Data.Span));
        Assert.Equal(4, Checkpoint.Read(checkpoint).Epoch);
    }
}

using System.Diagnostics;
using System.Globalization;
using Strata.IO;
using Strata.Runtime.Tests.Worker;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.IO;

public sealed class CheckpointKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-kill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_writer_killed_at_random_points_twenty_times_always_leaves_the_previous_checkpoint_intact()
    {
        var path = Path.Combine(_directory, "wide.ckpt.safetensors");
        var random = new Random(16);
        var midWrite = 0;
        var lastSaved = 0;
        var clock = Stopwatch.StartNew();
        // Twenty kills, and more (up to forty) while fewer than three have landed in a write: on a loaded machine the
        // timing of one write says less about the next.
        var kills = 0;
        for (var kill = 0; kill < 20 || (midWrite < 3 && kill < 40); kill++)
        {
            kills++;
            using var worker = WorkerProcess.Start("write", path, (lastSaved + 1).ToString(CultureInfo.InvariantCulture));

            // Time one whole write (from one "saved" line to the next), then kill at a random point of the one after.
            var first = worker.StandardOutput.ReadLine();
            var started = Stopwatch.StartNew();
            var second = worker.StandardOutput.ReadLine();
            var writeTime = started.Elapsed;
            if (first is null || !first.StartsWith("saved ", StringComparison.Ordinal) || second is null)
            {
                Assert.Fail($"The worker said '{first}', '{second}': {worker.StandardError.ReadToEnd()}");
            }

            var saved = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * writeTime.TotalMilliseconds));
            worker.Kill();
            worker.WaitForExit();
            var elapsed = saved.Elapsed;
            var printed = worker.StandardOutput.ReadToEnd()
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Prepend(second!)
                .Where(line => line.StartsWith("saved ", StringComparison.Ordinal) && line.Length > "saved ".Length && line["saved ".Length..].All(char.IsAsciiDigit))
                .Select(line => int.Parse(line["saved ".Length..], CultureInfo.InvariantCulture))
                .Max();

            var temporaries = Directory.GetFiles(_directory, "*.tmp");
            if (temporaries.Length > 0)
            {
                midWrite++;
                foreach (var temporary in temporaries)
                {
                    File.Delete(temporary);
                }
            }

            // Every generation k holds k everywhere; a torn or mixed file would not.
            var checkpoint = Checkpoint.Read(path);
            var k = checkpoint.Epoch;
            Assert.True(k >= 1, $"Kill {kill}: epoch {k}.");
            Assert.Equal(k, checkpoint.Step);
            Assert.Equal(k, checkpoint.Optimizer!.StepCount);
            foreach (var tensor in checkpoint.Weights.Tensors.Values)
            {
                Assert.True(tensor.ToSingles().AsSpan().IndexOfAnyExcept((float)k) < 0, $"Kill {kill}: a weight is not {k}.");
            }

            Assert.Equal(4, checkpoint.Optimizer.Buffers.Count);
            foreach (var buffer in checkpoint.Optimizer.Buffers.Values)
            {
                Assert.True(buffer.AsSpan().IndexOfAnyExcept((float)k) < 0, $"Kill {kill}: a moment is not {k}.");
            }

            // The worker prints "saved k" after each write is committed: the file is the last one printed, or one
            // committed just before the kill and not yet printed; never older.
            Assert.InRange(k, printed, printed + 1);

            lastSaved = k;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kill {kill}: write {writeTime.TotalMilliseconds:F0} ms, killed {elapsed.TotalMilliseconds:F0} ms after it, checkpoint {k}, {(temporaries.Length > 0 ? "mid-write" : "between writes")}"));
        }

        output.WriteLine($"{midWrite} of {kills} kills left a partial temporary file; {clock.Elapsed.TotalSeconds:F1} s; last {lastSaved}");
        // About half the kills land in the write itself (the rest in copying the state off the model before it); at
        // least a few must, or the test would not be testing a torn write.
        Assert.True(midWrite >= 3, $"Only {midWrite} of {kills} kills landed during a write.");
    }
}

using Strata.Cpu;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// The allocation-free parallel loop: every iteration runs once (also where many are claimed at a time, with a ragged
/// last run), a failure reaches the caller, and loops nested in an iteration or started from several threads at once
/// complete (on their calling thread when the workers are busy).
/// </summary>
public class CpuParallelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(129)]
    [InlineData(16_384)]
    [InlineData(16_411)]
    public void Every_iteration_runs_once(int count)
    {
        var runs = new int[count];
        var body = new Counting(runs);

        CpuParallel.For(count, ref body);

        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Theory]
    [InlineData(64, 17)]
    [InlineData(5_000, 2_501)]
    public void The_first_failure_is_rethrown_after_the_other_iterations_ran(int count, int failAt)
    {
        var runs = new int[count];
        var body = new Counting(runs, failAt: failAt);

        // Not through Assert.Throws: a lambda would capture body into a heap object that a garbage collection may
        // move while the workers read it through a pointer (CpuParallel.For's body must be a stack local); this test
        // crashed the test host that way under load.
        InvalidOperationException? failure = null;
        try
        {
            CpuParallel.For(runs.Length, ref body);
        }
        catch (InvalidOperationException exception)
        {
            failure = exception;
        }

        Assert.Equal($"iteration {failAt}", failure?.Message);
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public async Task Loops_nested_and_from_several_threads_all_complete()
    {
        var results = new int[4][];
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var runs = new int[50 * 20];
            var outer = new Nested(runs);
            for (var repeat = 0; repeat < 20; repeat++)
            {
                Array.Clear(runs);
                CpuParallel.For(50, ref outer);
            }

            results[t] = runs;
        }))).WaitAsync(Patience);

        Assert.All(results, runs => Assert.All(runs, r => Assert.Equal(1, r)));
    }

    private readonly struct Counting(int[] runs, int offset = 0, int failAt = -1) : IParallelBody
    {
        public void Run(int index)
        {
            Interlocked.Increment(ref runs[offset + index]);
            Thread.SpinWait(50 * (index % 7));
            if (index == failAt)
            {
                throw new InvalidOperationException($"iteration {index}");
            }
        }
    }

    /// <summary>Each outer iteration runs an inner loop of 20, which finds the workers busy.</summary>
    private readonly struct Nested(int[] runs) : IParallelBody
    {
        public void Run(int index)
        {
            var inner = new Counting(runs, offset: index * 20);
            CpuParallel.For(20, ref inner);
        }
    }
}

namespace Strata.Runtime.Tests.Concurrency;

/// <summary>Runs work on dedicated threads that start together, and rethrows the first failure.</summary>
internal static class Concurrently
{
    /// <summary>Runs <paramref name="body"/>(thread index) on <paramref name="threads"/> threads released by one barrier.</summary>
    public static void Run(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var failures = new Exception?[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                failures[t] = e;
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new AggregateException(failure);
        }
    }

    /// <summary>The bits of each float, so that equality means bit for bit (a NaN equals only the same NaN).</summary>
    public static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}

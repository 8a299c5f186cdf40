using System.Diagnostics;

namespace Strata.Benchmarks;

/// <summary>A plain timing harness: warm up, then the median of repeated calls.</summary>
/// <remarks>
/// The warm-up lasts at least half a second, not only three calls: .NET recompiles hot methods optimised on a
/// background thread a while after their first calls, and a loaded machine delays that further.
/// </remarks>
internal static class Stopwatches
{
    /// <summary>The median seconds per call, over at least <paramref name="minimumRuns"/> runs and about one second.</summary>
    public static double MedianSeconds(Action call, int minimumRuns = 10)
    {
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warmUp.Elapsed.TotalSeconds < 0.5; i++)
        {
            call();
        }

        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < minimumRuns || total.Elapsed.TotalSeconds < 1.0)
        {
            var one = Stopwatch.StartNew();
            call();
            samples.Add(one.Elapsed.TotalSeconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}

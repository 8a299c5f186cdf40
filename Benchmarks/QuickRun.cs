using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Strata.Benchmarks;

/// <summary>
/// <c>--quick</c>: the whole-model cases of <see cref="WholeModelBenchmark"/> in well under three minutes: one line
/// <c>ratio &lt;case&gt; &lt;strata_time/ort_time&gt;</c> per inference case, then the training steps.
/// </summary>
internal static class QuickRun
{
    public static void Print()
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"machine: {Environment.ProcessorCount} threads, AVX-512 {Vector512.IsHardwareAccelerated}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        var peak = PeakFlops.MeasureGflops();
        Console.WriteLine($"measured fp32 FMA peak: {peak:F0} GFLOP/s");
        Console.WriteLine();
        Console.WriteLine("| case | Strata ms | ORT ms (2 intra-op threads) | Strata / ORT time |");
        Console.WriteLine("|---|---|---|---|");
        var rows = new List<WholeModelBenchmark.InferenceRow>();
        foreach (var row in WholeModelBenchmark.Inference(seconds: 3))
        {
            rows.Add(row);
            Console.WriteLine($"| {row.Case} | {row.Strata * 1e3:F3} | {row.Ort * 1e3:F3} | {row.Ratio:F2} |");
        }

        Console.WriteLine();
        Console.WriteLine("| training step | ms | samples/s | GFLOP/s | % of peak | bytes allocated per step |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in WholeModelBenchmark.Training(seconds: 4))
        {
            Console.WriteLine(
                $"| {row.Case} | {row.Seconds * 1e3:F2} | {row.SamplesPerSecond:F0} | {row.Gflops:F1} | {100 * row.Gflops / peak:F0}% | {row.BytesPerStep:F0} |");
        }

        Console.WriteLine();
        foreach (var row in rows)
        {
            Console.WriteLine($"ratio {row.Case} {row.Ratio:F3}");
        }

        Console.WriteLine($"load average at end: {LoadAverage()}; {clock.Elapsed.TotalSeconds:F0} s in all");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

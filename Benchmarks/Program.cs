using System.Globalization;
using System.Runtime.Intrinsics;
using Strata.Benchmarks;

// Usage: dotnet run --project Benchmarks -c Release
//        dotnet run --project Benchmarks -c Release -- --generator
//        dotnet run --project Benchmarks -c Release -- --lstm
//        dotnet run --project Benchmarks -c Release -- --serving
// Prints a Markdown table: Strata against ONNX Runtime, same inputs, same process, each as a fraction of the fp32 FMA
// peak measured on this machine at start; or the generator's build-time cost; or (--lstm) only the LSTM case and a
// CharRnn training step; or (--serving) inference at batch 1 from 1 and 2 threads through Predict against ORT's Run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--generator"))
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} threads, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    Console.WriteLine();
    Console.WriteLine("| declaration | models | layers | generator ms (median) | ms per model |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, models, layers, seconds) in GeneratorBenchmark.Run())
    {
        Console.WriteLine($"| {name} | {models} | {layers} | {seconds * 1e3:F1} | {seconds * 1e3 / models:F2} |");
    }

    return;
}

if (args.Contains("--serving"))
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} threads, AVX-512 {Vector512.IsHardwareAccelerated}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    Console.WriteLine();
    Console.WriteLine("| case | threads | Strata Forward ms (1 thread) | Strata Predict ms/call | ORT Run ms/call | Strata / ORT time |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var (name, threads, forward, strata, ort) in ServingBenchmark.Run())
    {
        var baseline = forward is { } f ? (f * 1e3).ToString("F3") : "";
        Console.WriteLine($"| {name} | {threads} | {baseline} | {strata * 1e3:F3} | {ort * 1e3:F3} | {strata / ort:F2} |");
    }

    return;
}

var peak = PeakFlops.MeasureGflops();

Console.WriteLine($"machine: {Environment.ProcessorCount} threads, AVX-512 {Vector512.IsHardwareAccelerated}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine($"measured fp32 FMA peak: {peak:F0} GFLOP/s");
Console.WriteLine();
Console.WriteLine("| case | Strata ms | Strata GFLOP/s | ORT ms | ORT GFLOP/s | Strata / ORT speed | Strata % of peak | ORT % of peak |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
var lstmOnly = args.Contains("--lstm");
foreach (var row in (lstmOnly ? [] : KernelBenchmarks.Run()).Append(LstmBenchmark.Run()))
{
    Console.WriteLine(
        $"| {row.Name} | {row.StrataSeconds * 1e3:F3} | {row.StrataGflops:F1} | {row.OnnxSeconds * 1e3:F3} | {row.OnnxGflops:F1} | {row.Ratio:F2}× | {100 * row.StrataGflops / peak:F0}% | {100 * row.OnnxGflops / peak:F0}% |");
}

if (lstmOnly)
{
    var (forward, step) = CharRnnTrainingBenchmark.Run();
    Console.WriteLine();
    Console.WriteLine($"CharRnn (one-hot 28, LSTM 256, dense 28, b32, T35): forward {forward * 1e3:F2} ms, training step {step * 1e3:F2} ms");
}

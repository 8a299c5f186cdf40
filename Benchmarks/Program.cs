using System.Globalization;
using System.Runtime.Intrinsics;
using Strata.Benchmarks;

// Usage: dotnet run --project Benchmarks -c Release [-- --peak GFLOPS]
//        dotnet run --project Benchmarks -c Release -- --generator
// Prints a Markdown table: Strata against ONNX Runtime, same inputs, same process; or the generator's build-time cost.
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

var peak = args.Length == 2 && args[0] == "--peak" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0;

Console.WriteLine($"machine: {Environment.ProcessorCount} threads, AVX-512 {Vector512.IsHardwareAccelerated}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine("| case | Strata ms | Strata GFLOP/s | ORT ms | ORT GFLOP/s | Strata / ORT speed | Strata % of peak |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var row in KernelBenchmarks.Run())
{
    var ofPeak = peak > 0 ? $"{100 * row.StrataGflops / peak:F0}%" : "n/a";
    Console.WriteLine(
        $"| {row.Name} | {row.StrataSeconds * 1e3:F3} | {row.StrataGflops:F1} | {row.OnnxSeconds * 1e3:F3} | {row.OnnxGflops:F1} | {row.Ratio:F2}× | {ofPeak} |");
}

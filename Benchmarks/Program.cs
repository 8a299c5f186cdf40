using System.Globalization;
using System.Runtime.Intrinsics;
using Strata.Benchmarks;

// Usage: dotnet run --project Benchmarks -c Release
//        dotnet run --project Benchmarks -c Release -- --generator
//        dotnet run --project Benchmarks -c Release -- --lstm
//        dotnet run --project Benchmarks -c Release -- --serving
//        dotnet run --project Benchmarks -c Release -- --quick   (whole models against ORT: `ratio <case> <strata/ort time>`)
//        dotnet run --project Benchmarks -c Release -- --quick --cases lenet_b64,vgg   (only the cases with these prefixes)
//        dotnet run --project Benchmarks -c Release -- --dense   (dense weights packed once against packed per call)
//        dotnet run --project Benchmarks -c Release -- --conv    (Conv2dCpu forward and backward alone, per layer shape)
//        dotnet run --project Benchmarks -c Release -- --pool    (max pooling fast path against the general path)
//        dotnet run --project Benchmarks -c Release -- --batch-scaling   (the VGG-style net per sample at batch 1-256, against ORT)
// Prints a Markdown table: Strata against ONNX Runtime, same inputs, same process, each as a fraction of the fp32 FMA
// peak measured on this machine at start; or the generator's build-time cost; or (--lstm) only the LSTM case and a
// CharRnn training step; or (--serving) inference at batch 1 from 1 and 2 threads through Predict against ORT's Run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var casesAt = Array.IndexOf(args, "--cases");
if (casesAt >= 0 && casesAt + 1 < args.Length)
{
    WholeModelBenchmark.Cases = args[casesAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries);
}

if (args.Contains("--quick"))
{
    QuickRun.Print();
    return;
}

if (args.Contains("--batch-scaling"))
{
    Console.WriteLine("| batch | Strata ms per sample | ORT ms per sample | Strata / ORT time |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var row in WholeModelBenchmark.BatchScaling(seconds: 4))
    {
        var batch = int.Parse(row.Case[(row.Case.LastIndexOf('b') + 1)..], CultureInfo.InvariantCulture);
        Console.WriteLine($"| {batch} | {row.Strata * 1e3 / batch:F3} | {row.Ort * 1e3 / batch:F3} | {row.Ratio:F2} |");
    }

    return;
}

if (args.Contains("--dense"))
{
    Console.WriteLine("| case | packed once ms | repacked per call ms | repacked / once time |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (name, cached, repacked) in DensePackingBenchmark.Run())
    {
        Console.WriteLine($"| {name} | {cached * 1e3:F4} | {repacked * 1e3:F4} | {repacked / cached:F2} |");
    }

    return;
}

if (args.Contains("--conv"))
{
    Console.WriteLine("| layer | forward ms | forward GFLOP/s | backward ms | backward GFLOP/s | dw, db only ms |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var (name, forward, backward, weightsOnly, flops) in ConvLayerBenchmark.Run())
    {
        Console.WriteLine(
            $"| {name} | {forward * 1e3:F3} | {flops / forward / 1e9:F1} | {backward * 1e3:F3} | {2 * flops / backward / 1e9:F1} | {weightsOnly * 1e3:F3} |");
    }

    return;
}

if (args.Contains("--pool"))
{
    Console.WriteLine("| case | fast path ms | GB/s | general path ms | GB/s | general / fast time |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var (name, fast, general, bytes) in PoolBenchmark.Run())
    {
        Console.WriteLine($"| {name} | {fast * 1e3:F3} | {bytes / fast / 1e9:F1} | {general * 1e3:F3} | {bytes / general / 1e9:F1} | {general / fast:F2} |");
    }

    return;
}

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
Console.WriteLine("| case | Strata ms | Strata GFLOP/s | ORT ms | ORT GFLOP/s | Strata / ORT time | Strata % of peak | ORT % of peak |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
var lstmOnly = args.Contains("--lstm");
foreach (var row in (lstmOnly ? [] : KernelBenchmarks.Run()).Append(LstmBenchmark.Run()))
{
    Console.WriteLine(
        $"| {row.Name} | {row.StrataSeconds * 1e3:F3} | {row.StrataGflops:F1} | {row.OnnxSeconds * 1e3:F3} | {row.OnnxGflops:F1} | {row.Ratio:F2} | {100 * row.StrataGflops / peak:F0}% | {100 * row.OnnxGflops / peak:F0}% |");
}

if (lstmOnly)
{
    var (forward, step) = CharRnnTrainingBenchmark.Run();
    Console.WriteLine();
    Console.WriteLine($"CharRnn (one-hot 28, LSTM 256, dense 28, b32, T35): forward {forward * 1e3:F2} ms, training step {step * 1e3:F2} ms");
}

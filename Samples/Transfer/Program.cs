using System.Globalization;
using Spectre.Console;
using Strata;
using Strata.Data;
using Strata.Samples;

if (!TransferOptions.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

Dataset all;
try
{
    all = options.DataDirectory is { } directory ? Mnist.Load(directory) : SyntheticDigits.Generate(10_000, options.Seed);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

var device = Device.Cpu();
AnsiConsole.WriteLine(options.DataDirectory is null ? "synthetic digits" : $"MNIST from {options.DataDirectory}");
var report = TransferExperiment.Run(options, all, device, AnsiConsole.Console);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pretrained on 0–4: {100 * report.PretrainAccuracy:F2}% on 0–4 in {report.PretrainSeconds:F1} s"));
foreach (var run in new[] { report.FineTuned, report.Scratch })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{run.Name,-45} {100 * run.Accuracy:F2}% on 5–9 in {run.Seconds:F1} s"));
}

return 0;

using System.Diagnostics;

namespace Strata.Runtime.Tests.Worker;

/// <summary>
/// Starts Strata.Runtime.Tests.Worker (built next to the tests, as a referenced executable) as a child process with a
/// fixed processor count, so the CPU kernels split their work the same way in every run.
/// </summary>
internal static class WorkerProcess
{
    /// <summary>The processor count every worker sees (DOTNET_PROCESSOR_COUNT).</summary>
    public const int ProcessorCount = 2;

    /// <summary>A started worker with its standard output redirected; the caller disposes it.</summary>
    public static Process Start(params string[] arguments) => Start(null, arguments);

    /// <summary>A started worker with <paramref name="environment"/> added to its variables; the caller disposes it.</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Strata.Runtime.Tests.Worker.dll");
        Assert.True(File.Exists(worker), $"The worker is not built at {worker}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_PROCESSOR_COUNT"] = ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
    }

    /// <summary>Runs a worker to completion and returns its output; fails the test on a non-zero exit or a timeout.</summary>
    public static string Run(TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The worker ({string.Join(' ', arguments)}) did not finish within {timeout}.");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"The worker ({string.Join(' ', arguments)}) exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}

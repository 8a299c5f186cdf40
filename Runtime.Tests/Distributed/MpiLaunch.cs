using System.Diagnostics;
using System.Globalization;
using Strata.Distributed;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>
/// Starts Strata.Runtime.Tests.Worker under MPICH's launcher, <c>mpiexec.mpich -n N</c>, one thread per rank. When MPICH
/// is missing the test fails with the command that installs it (CI's .ci/run installs it first).
/// </summary>
internal static class MpiLaunch
{
    /// <summary>The launcher's path; fails the test with the install command when MPICH is not installed.</summary>
    public static string Launcher()
    {
        var launcher = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, MpiLibrary.Launcher))
            .FirstOrDefault(File.Exists);
        if (launcher is null || !MpiLibrary.IsAvailable())
        {
            Assert.Fail(
                $"These tests run the trainer on 2 MPI ranks and need MPICH ({MpiLibrary.Launcher} and libmpich.so.12), which is not installed. " +
                $"Install it with `{MpiLibrary.InstallCommand}` (CI's .ci/run does so when it is missing).");
        }

        return launcher;
    }

    /// <summary>
    /// <c>mpiexec.mpich -n <paramref name="ranks"/> dotnet Worker.dll <paramref name="arguments"/></c> with standard output
    /// and error redirected, each rank on <paramref name="threadsPerRank"/> threads; the caller disposes it.
    /// </summary>
    public static Process Start(int ranks, int threadsPerRank, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Strata.Runtime.Tests.Worker.dll");
        Assert.True(File.Exists(worker), $"The worker is not built at {worker}.");
        var start = new ProcessStartInfo(Launcher())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-n", ranks.ToString(CultureInfo.InvariantCulture), Dotnet(), worker, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_PROCESSOR_COUNT"] = threadsPerRank.ToString(CultureInfo.InvariantCulture);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{MpiLibrary.Launcher} did not start.");
    }

    /// <summary>Runs the worker on <paramref name="ranks"/> ranks to completion; fails the test on an error or a timeout.</summary>
    public static string Run(TimeSpan timeout, int ranks, params string[] arguments) => Run(timeout, ranks, environment: null, arguments);

    /// <summary>As <see cref="Run(TimeSpan, int, string[])"/>, with <paramref name="environment"/> added to the ranks' environment.</summary>
    public static string Run(TimeSpan timeout, int ranks, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Start(ranks, threadsPerRank: 1, environment, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{MpiLibrary.Launcher} -n {ranks} worker {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{MpiLibrary.Launcher} -n {ranks} worker {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }

    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}

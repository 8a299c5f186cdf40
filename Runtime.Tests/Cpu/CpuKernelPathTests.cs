using System.Runtime.InteropServices;
using Strata.Cpu;
using Strata.Runtime.Tests.Worker;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// STRATA_CPU_PATH: how a value is read, and, in a child process per value, that the forced path is the one taken and
/// computes what the default path does (LeNet and a recurrent net, forward and backward). The GEMM's micro-kernels are
/// also pinned one by one inside this process (<see cref="GemmTests"/>).
/// </summary>
public class CpuKernelPathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<float[]> DefaultPath = new(() => RunWorker(null, CpuKernels.Best()));

    [Theory]
    [InlineData(null, CpuKernelPath.Vector512, CpuKernelPath.Vector512)]
    [InlineData("", CpuKernelPath.Vector256, CpuKernelPath.Vector256)]
    [InlineData("portable", CpuKernelPath.Vector512, CpuKernelPath.Portable)]
    [InlineData("Vector256", CpuKernelPath.Vector512, CpuKernelPath.Vector256)]
    [InlineData(" VECTOR512 ", CpuKernelPath.Vector512, CpuKernelPath.Vector512)]
    [InlineData("vector256", CpuKernelPath.Vector256, CpuKernelPath.Vector256)]
    public void A_path_the_machine_runs_is_taken(string? value, CpuKernelPath best, CpuKernelPath expected) =>
        Assert.Equal((expected, null), CpuKernels.Choose(value, best));

    [Theory]
    [InlineData("vector512", CpuKernelPath.Vector256, "STRATA_CPU_PATH=vector512 asks for Vector512, which this CPU does not accelerate; the widest it runs is Vector256.")]
    [InlineData("avx2", CpuKernelPath.Vector512, "STRATA_CPU_PATH='avx2' names no CPU kernel path; use vector512, vector256 or portable, or unset it for the best this machine runs (Vector512).")]
    [InlineData("7", CpuKernelPath.Vector512, "STRATA_CPU_PATH='7' names no CPU kernel path")]
    public void A_path_the_machine_cannot_run_is_an_error_and_the_best_path_stands(string value, CpuKernelPath best, string error)
    {
        var (path, message) = CpuKernels.Choose(value, best);

        Assert.Equal(best, path);
        Assert.StartsWith(error, message);
    }

    [Fact]
    public void This_process_takes_the_best_path_of_its_machine() => Assert.Equal(CpuKernels.Best(), CpuKernels.Path);

    [Theory]
    [InlineData(CpuKernelPath.Vector512)]
    [InlineData(CpuKernelPath.Vector256)]
    [InlineData(CpuKernelPath.Portable)]
    public void A_forced_path_computes_what_the_default_path_does(CpuKernelPath path)
    {
        if (path > CpuKernels.Best())
        {
            // This machine can't run the path; the case above checks the error it would give.
            return;
        }

        var forced = RunWorker(path.ToString().ToLowerInvariant(), path);
        var reference = DefaultPath.Value;

        Assert.Equal(reference.Length, forced.Length);
        var scale = reference.Max(MathF.Abs);
        var worst = reference.Zip(forced, (a, b) => MathF.Abs(a - b)).Max();
        Assert.True(worst <= 1e-4f * scale, $"{path}: the largest difference from the default path is {worst} (scale {scale}).");
    }

    [Fact]
    public async Task A_value_that_names_no_path_stops_the_process_with_the_reason()
    {
        using var process = WorkerProcess.Start(new Dictionary<string, string> { [CpuKernels.PathVariable] = "sse" }, "kernels", Path.GetTempFileName());
        var error = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(Timeout));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("STRATA_CPU_PATH='sse' names no CPU kernel path", await error);
    }

    /// <summary>Runs the worker's kernels command with STRATA_CPU_PATH set to <paramref name="value"/> (unset when null).</summary>
    private static float[] RunWorker(string? value, CpuKernelPath expected)
    {
        var file = Path.GetTempFileName();
        try
        {
            var environment = new Dictionary<string, string>();
            if (value is not null)
            {
                environment[CpuKernels.PathVariable] = value;
            }

            using var process = WorkerProcess.Start(environment, "kernels", file);
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(Timeout), "The worker did not finish.");
            Assert.True(process.ExitCode == 0, $"The worker exited with {process.ExitCode}:\n{output}\n{error.Result}");
            Assert.Contains($"path: {expected}", output);
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }
}

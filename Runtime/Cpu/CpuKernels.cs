using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// Which vector path the CPU kernels take, chosen once at start-up: the widest this machine accelerates, or the one the
/// environment variable <c>STRATA_CPU_PATH</c> (<c>vector512</c>, <c>vector256</c> or <c>portable</c>) forces, to
/// compare paths or to rule one out. The thread count is .NET's processor count: all cores by default,
/// <c>DOTNET_PROCESSOR_COUNT</c> sets it.
/// </summary>
/// <remarks>
/// The choice lives in static read-only fields, which the JIT folds into constants, so a kernel's test of its path costs
/// nothing. A value the machine can't run, or one that names no path, makes <see cref="Device.Cpu"/> throw.
/// </remarks>
public static class CpuKernels
{
    /// <summary>The environment variable that forces a path.</summary>
    public const string PathVariable = "STRATA_CPU_PATH";

    private static readonly string? Misconfiguration;

    /// <summary>Whether the kernels run 512-bit vectors.</summary>
    internal static readonly bool Vector512;

    /// <summary>Whether the kernels run 256-bit vectors or wider.</summary>
    internal static readonly bool Vector256;

#pragma warning disable CA1810 // the path and the flags derived from it are one decision
    static CpuKernels()
#pragma warning restore CA1810
    {
        var best = Best();
        (Path, Misconfiguration) = Choose(Environment.GetEnvironmentVariable(PathVariable), best);
        Vector512 = Path == CpuKernelPath.Vector512;
        Vector256 = Path >= CpuKernelPath.Vector256;
    }

    /// <summary>The path this process's kernels take.</summary>
    public static CpuKernelPath Path { get; }

    /// <summary>The widest path this machine accelerates.</summary>
    public static CpuKernelPath Best() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? CpuKernelPath.Vector512
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? CpuKernelPath.Vector256
        : CpuKernelPath.Portable;

    /// <summary>
    /// The path a value of <see cref="PathVariable"/> selects on a machine whose widest path is <paramref name="best"/>,
    /// or the best path and why the value can't be honoured.
    /// </summary>
    internal static (CpuKernelPath Path, string? Error) Choose(string? value, CpuKernelPath best)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (best, null);
        }

        if (!Enum.TryParse<CpuKernelPath>(value.Trim(), ignoreCase: true, out var forced) || !Enum.IsDefined(forced))
        {
            return (best, $"{PathVariable}='{value}' names no CPU kernel path; use vector512, vector256 or portable, or unset it for the best this machine runs ({best}).");
        }

        return forced <= best
            ? (forced, null)
            : (best, $"{PathVariable}={value} asks for {forced}, which this CPU does not accelerate; the widest it runs is {best}.");
    }

    /// <summary>Throws when <see cref="PathVariable"/> could not be honoured.</summary>
    internal static void ThrowIfMisconfigured()
    {
        if (Misconfiguration is not null)
        {
            throw new InvalidOperationException(Misconfiguration);
        }
    }
}

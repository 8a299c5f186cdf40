using System.Reflection;
using System.Runtime.InteropServices;

namespace Strata.Distributed;

/// <summary>
/// Loads the native MPI library that MPI.NET calls. MPI.NET 1.4.0 P/Invokes MS-MPI's <c>msmpi.dll</c>; MPICH
/// (Debian's <c>mpich</c> package) has the same ABI (integer handles, the same constants), so on Linux and macOS the
/// import is redirected to <c>libmpich.so.12</c> with <see cref="NativeLibrary.SetDllImportResolver"/> on MPI.NET's
/// assembly. Open MPI does not share that ABI and cannot be used. On Windows MS-MPI is used as MPI.NET expects.
/// </summary>
public static class MpiLibrary
{
    /// <summary>The command that installs MPICH on Debian and Ubuntu.</summary>
    public const string InstallCommand = "sudo apt-get install -y mpich";

    /// <summary>The launcher of Debian's MPICH (Open MPI's <c>mpiexec</c> may shadow the plain name).</summary>
    public const string Launcher = "mpiexec.mpich";

    private static readonly Lock Gate = new();
    private static IntPtr _handle;

    /// <summary>The file names tried, in order, for MPICH on Linux and macOS.</summary>
    public static IReadOnlyList<string> MpichNames { get; } = ["libmpich.so.12", "libmpich.so", "libmpich.12.dylib", "libmpich.dylib"];

    /// <summary>
    /// Makes MPI.NET's imports resolve to MPICH (once per process) and returns the library's handle; throws
    /// <see cref="DllNotFoundException"/> naming the install command when MPICH is missing. Nothing else in Strata loads
    /// it, so a run without distributed training never needs MPICH.
    /// </summary>
    public static IntPtr Load()
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
            {
                return _handle;
            }

            if (OperatingSystem.IsWindows())
            {
                // MS-MPI's msmpi.dll, found by the default search as MPI.NET expects.
                _handle = NativeLibrary.TryLoad("msmpi.dll", out var msmpi)
                    ? msmpi
                    : throw new DllNotFoundException(
                        "MS-MPI (msmpi.dll) was not found. Install Microsoft MPI (its runtime, msmpisetup.exe) and start the ranks with mpiexec -n N.");
                return _handle;
            }

            foreach (var name in MpichNames)
            {
                if (NativeLibrary.TryLoad(name, out var handle))
                {
                    _handle = handle;
                    break;
                }
            }

            if (_handle == IntPtr.Zero)
            {
                throw new DllNotFoundException(MissingMessage());
            }

            var handleForResolver = _handle;
            NativeLibrary.SetDllImportResolver(typeof(MPI.Environment).Assembly, (name, assembly, path) =>
                IsMsMpi(name) ? handleForResolver : IntPtr.Zero);
            return _handle;
        }
    }

    /// <summary>Whether MPICH's library can be loaded on this machine (it is not kept loaded by this check).</summary>
    public static bool IsAvailable()
    {
        if (_handle != IntPtr.Zero)
        {
            return true;
        }

        foreach (var name in OperatingSystem.IsWindows() ? ["msmpi.dll"] : MpichNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        }

        return false;
    }

    /// <summary>The message of the error when MPICH is missing, with the command that installs it.</summary>
    public static string MissingMessage() =>
        $"Distributed training needs MPICH, whose libmpich.so.12 was not found (tried {string.Join(", ", MpichNames)}). " +
        $"Install it with `{InstallCommand}` (Debian/Ubuntu; `dnf install mpich` on Fedora, then add its lib folder to LD_LIBRARY_PATH) " +
        $"and start the ranks with `{Launcher} -n 2 dotnet <your app>.dll`. Open MPI does not share the ABI MPI.NET uses.";

    private static bool IsMsMpi(string name) =>
        name.Equals("msmpi", StringComparison.OrdinalIgnoreCase) || name.Equals("msmpi.dll", StringComparison.OrdinalIgnoreCase);
}

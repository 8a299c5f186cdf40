using Strata.Distributed;

namespace Strata.Samples;

/// <summary>The samples' <c>--distributed</c>: one rank per process, started with <c>mpiexec.mpich -n N</c>.</summary>
internal static class SampleDistribution
{
    /// <summary>
    /// Joins the MPI job when <paramref name="distributed"/> is set (<paramref name="parallel"/> is then this process's
    /// rank; dispose it at the end), or leaves <paramref name="parallel"/> null. Without MPICH it prints the error, with
    /// the command that installs it, and returns false.
    /// </summary>
    public static bool TryStart(bool distributed, out DataParallel? parallel)
    {
        parallel = null;
        try
        {
            parallel = distributed ? DataParallel.Mpi() : null;
            return true;
        }
        catch (DllNotFoundException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return false;
        }
    }
}

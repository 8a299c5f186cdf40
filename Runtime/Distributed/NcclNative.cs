using System.Runtime.InteropServices;

namespace Strata.Distributed;

/// <summary>
/// NCCL's C API (<c>nccl.h</c>, NCCL 2.10 or later for <c>ncclAvg</c>), P/Invoked from <c>libnccl.so.2</c>. Handles are
/// pointers: a communicator is <c>ncclComm_t</c>, a stream <c>cudaStream_t</c> (the CUDA driver's CUstream, which ILGPU's
/// <c>CudaStream.StreamPtr</c> is).
/// </summary>
internal static partial class NcclNative
{
    /// <summary>The library name the imports bind to (found on the loader's path, e.g. /usr/lib/x86_64-linux-gnu).</summary>
    public const string Library = "libnccl.so.2";

    /// <summary>ncclFloat32.</summary>
    public const int Float32 = 7;

    /// <summary>ncclFloat64.</summary>
    public const int Float64 = 8;

    /// <summary>ncclSum.</summary>
    public const int Sum = 0;

    /// <summary>ncclAvg (NCCL 2.10+): the sum divided by the number of ranks.</summary>
    public const int Average = 4;

    [LibraryImport(Library, EntryPoint = "ncclGetUniqueId")]
    public static partial int GetUniqueId(out NcclUniqueId id);

    [LibraryImport(Library, EntryPoint = "ncclCommInitRank")]
    public static partial int CommInitRank(out IntPtr comm, int ranks, NcclUniqueId id, int rank);

    [LibraryImport(Library, EntryPoint = "ncclAllReduce")]
    public static partial int AllReduce(IntPtr send, IntPtr receive, nuint count, int dataType, int op, IntPtr comm, IntPtr stream);

    [LibraryImport(Library, EntryPoint = "ncclBroadcast")]
    public static partial int Broadcast(IntPtr send, IntPtr receive, nuint count, int dataType, int root, IntPtr comm, IntPtr stream);

    [LibraryImport(Library, EntryPoint = "ncclGroupStart")]
    public static partial int GroupStart();

    [LibraryImport(Library, EntryPoint = "ncclGroupEnd")]
    public static partial int GroupEnd();

    [LibraryImport(Library, EntryPoint = "ncclCommGetAsyncError")]
    public static partial int CommGetAsyncError(IntPtr comm, out int asyncError);

    [LibraryImport(Library, EntryPoint = "ncclCommAbort")]
    public static partial int CommAbort(IntPtr comm);

    [LibraryImport(Library, EntryPoint = "ncclCommDestroy")]
    public static partial int CommDestroy(IntPtr comm);

    [LibraryImport(Library, EntryPoint = "ncclGetErrorString")]
    public static partial IntPtr GetErrorString(int result);

    /// <summary>Throws <see cref="IOException"/> with NCCL's own words unless <paramref name="result"/> is ncclSuccess.</summary>
    public static void Check(int result, string operation)
    {
        if (result != 0)
        {
            throw new IOException($"{operation} failed with NCCL error {result}: {Marshal.PtrToStringAnsi(GetErrorString(result))}");
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Distributed;

/// <summary>
/// NCCL's <c>ncclUniqueId</c>: 128 opaque bytes that rank 0 makes with <c>ncclGetUniqueId</c> and every rank passes to
/// <c>ncclCommInitRank</c>; <see cref="NcclCommunicator"/> sends it to the other ranks over MPI.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = ByteCount)]
public struct NcclUniqueId
{
    /// <summary>NCCL_UNIQUE_ID_BYTES.</summary>
    public const int ByteCount = 128;

    private Bytes _bytes;

    /// <summary>The bytes, writable.</summary>
    public Span<byte> AsSpan() => MemoryMarshal.CreateSpan(ref Unsafe.As<Bytes, byte>(ref _bytes), ByteCount);

    [InlineArray(ByteCount)]
    private struct Bytes
    {
        private byte _first;
    }
}

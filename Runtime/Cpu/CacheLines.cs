using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Cpu;

/// <summary>
/// Buffers whose data start on a 64-byte cache line, so that whole-vector loads and stores at multiples of 16 floats
/// from the start never straddle two lines. .NET places an array's first element 16 bytes past an object that is only
/// 8-byte aligned and has no aligned allocation, so such a buffer is a pinned array with a line's worth of slack, its
/// data starting at <see cref="Start"/>. Which offset a plain array got depended on what had been allocated before it:
/// LeNets side by side in one process trained 3–13% faster from aligned buffers (see docs/benchmarks.md).
/// </summary>
internal static unsafe class CacheLines
{
    /// <summary>The floats of one line: the slack a buffer needs.</summary>
    public const int Floats = Bytes / sizeof(float);

    private const int Bytes = 64;

    /// <summary>A pinned array with room for <paramref name="length"/> floats from its <see cref="Start"/> on.</summary>
    public static float[] Allocate(int length, bool zeroed) =>
        zeroed
            ? GC.AllocateArray<float>(checked(length + Floats - 1), pinned: true)
            : GC.AllocateUninitializedArray<float>(checked(length + Floats - 1), pinned: true);

    /// <summary>The index of <paramref name="array"/>'s first element on a line; the array must be pinned.</summary>
    public static int Start(float[] array) => (int)((-(nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) & (Bytes - 1)) / sizeof(float));
}

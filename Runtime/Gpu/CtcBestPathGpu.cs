using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// The best path of CTC logits on a GPU, kept on the device: one thread per (sequence, step) writes the arg-max class of
/// its row of logits into a device buffer of ints that covers many batches (an epoch), at the batch's place in it, so a
/// training step copies nothing for its greedy decoding; <see cref="Read"/> brings every recorded step back in one
/// transfer, for the host to collapse.
/// </summary>
internal sealed class CtcBestPathGpu : IDisposable
{
    private static readonly ConditionalWeakTable<Accelerator, Action<Index1D, ArrayView<float>, ArrayView<int>, int, int>> Kernels = new();

    private readonly Device _device;
    private MemoryBuffer1D<int, Stride1D.Dense>? _paths;

    /// <summary>An empty buffer on <paramref name="device"/>, a GPU device.</summary>
    public CtcBestPathGpu(Device device) => _device = device;

    /// <summary>Makes room for <paramref name="length"/> steps (sequences × steps); keeps a larger buffer.</summary>
    public void Reserve(int length)
    {
        if (_paths is null || _paths.Length < length)
        {
            _paths?.Dispose();
            _paths = _device.Accelerator.Allocate1D<int>(Math.Max(1, length));
        }
    }

    /// <summary>
    /// Queues the arg-max of every row of <paramref name="logits"/> ([batch, steps, classes], on this device) into the
    /// buffer from step <paramref name="offset"/> on, which <see cref="Reserve"/> made room for; copies nothing.
    /// </summary>
    public void Launch(Tensor logits, int offset)
    {
        var classes = logits.Shape[^1];
        var rows = logits.Length / classes;
        var kernel = Kernels.GetValue(_device.Accelerator, static a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, int>(ArgMaxKernel));
        kernel(rows, logits.View, _paths!.View, classes, offset);
    }

    /// <summary>Copies the first <c>host.Length</c> recorded steps into <paramref name="host"/>: one transfer.</summary>
    public void Read(Span<int> host) => HostTransfer.Download(_device, _paths!.View, host);

    public void Dispose() => _paths?.Dispose();

    /// <summary>
    /// paths[offset + row] = the first class whose logit is the largest of the row (a NaN is never larger), as
    /// <c>CtcDecoding</c>'s host arg-max.
    /// </summary>
    internal static void ArgMaxKernel(Index1D row, ArrayView<float> logits, ArrayView<int> paths, int classes, int offset)
    {
        var start = row * classes;
        var best = 0;
        var bestValue = logits[start];
        for (var k = 1; k < classes; k++)
        {
            var value = logits[start + k];
            if (value > bestValue)
            {
                best = k;
                bestValue = value;
            }
        }

        paths[offset + row] = best;
    }
}

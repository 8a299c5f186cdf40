using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// The squared error of GPU tensors and its gradient in one launch: each thread writes the gradient of a grid-strided
/// share of the elements and sums its squared differences, its group reduces the sums (ILGPU.Algorithms) and adds the
/// result to a device total with one atomic. Nothing comes back until <see cref="Read"/> copies the total, in one
/// transfer.
/// </summary>
internal sealed class MeanSquaredErrorGpu
{
    private const int MaxGroups = 256;

    private static readonly ConditionalWeakTable<Accelerator, Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float>> Kernels = new();

    private readonly Device _device;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _total;
    private readonly float[] _host = new float[1];

    /// <summary>A device total on <paramref name="device"/>, a GPU device.</summary>
    public MeanSquaredErrorGpu(Device device)
    {
        _device = device;
        _total = device.Accelerator.Allocate1D<float>(1);
    }

    /// <summary>Queues gradient = 2·scale·(prediction − target) and total = scale·Σ(prediction − target)²; reads nothing back.</summary>
    public void Launch(Tensor prediction, Tensor target, Tensor gradient, float scale)
    {
        var accelerator = _device.Accelerator;
        _total.MemSetToZero();
        var kernel = Kernels.GetValue(accelerator, static a =>
            a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float>(SquaredErrorKernel));
        var groupSize = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        var groups = ReductionKernels.Groups(accelerator, prediction.Length, groupSize, MaxGroups);
        kernel(new KernelConfig(groups, groupSize), prediction.View, target.View, gradient.View, _total.View, scale);
    }

    /// <summary>The loss of the last <see cref="Launch"/>: one transfer.</summary>
    public float Read()
    {
        HostTransfer.Download(_device, _total.View, _host.AsSpan());
        return _host[0];
    }

    /// <summary>Explicitly grouped; any grid and group size.</summary>
    internal static void SquaredErrorKernel(
        ArrayView<float> prediction, ArrayView<float> target, ArrayView<float> gradient, ArrayView<float> total, float scale)
    {
        var sum = 0f;
        var stride = Grid.DimX * Group.DimX;
        for (var i = Grid.GlobalIndex.X; i < prediction.IntLength; i += stride)
        {
            var difference = prediction[i] - target[i];
            gradient[i] = 2f * scale * difference;
            sum += difference * difference;
        }

        ReductionKernels.AddGroupSum(sum, scale, total);
    }
}

using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Batch normalisation on a GPU with the arguments and semantics of <see cref="BatchNormCpu"/> (PyTorch's: batch
/// statistics and running-statistic updates in training, running statistics in evaluation, one value per channel in
/// training rejected), the activation fused as a <see cref="DenseActivation"/>. Sizes are checked on the host, since
/// kernels cannot throw.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per channel for the reductions (see <see cref="BatchNormKernels"/>).</remarks>
public static class BatchNormGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>The forward pass; see <see cref="BatchNormCpu.Forward{TActivation}"/>.</summary>
    public static void Forward(
        int batch, int channels, int planeSize, DenseActivation activation, float momentum, float eps, bool training,
        Tensor x, Tensor weight, Tensor bias, RunningStatistics running, Tensor savedMean, Tensor savedInvStd, Tensor y, PaddedRows padded = default)
    {
        var count = BatchNormCpu.Check(batch, channels, planeSize, momentum, eps, training, x, nameof(x), weight, bias, running, savedMean, savedInvStd, padded);
        ArgumentChecks.Length(y, nameof(y), batch, channels, planeSize);
        var accelerator = GpuTensors.Accelerator(x, weight, bias, running.Mean.Value, running.Variance.Value, savedMean, savedInvStd, y);
        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        var rows = new PaddedRowsView(ResidentLengths.For(y, padded.Lengths, 1, 0), padded.Lengths is null ? 0 : padded.Steps);
        kernels.Statistics(
            kernels.PerChannel(channels, batch * planeSize), x.View, running.Mean.Value.View, running.Variance.Value.View, savedMean.View, savedInvStd.View,
            batch, planeSize, momentum, eps, training ? 1 : 0, rows, count);
        kernels.Normalize(y.Length, x.View, weight.View, bias.View, savedMean.View, savedInvStd.View, y.View, planeSize, (int)activation, rows);
        if (training)
        {
            running.Advanced();
        }
    }

    /// <summary>The backward pass; see <see cref="BatchNormCpu.Backward{TActivation}"/>.</summary>
    public static void Backward(
        int batch, int channels, int planeSize, DenseActivation activation, bool training,
        Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvStd, Tensor y, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias,
        PaddedRows padded = default)
    {
        var count = BatchNormCpu.CheckBackward(batch, channels, planeSize, x, weight, savedMean, savedInvStd, y, dy, dx, dWeight, dBias, padded);
        var accelerator = GpuTensors.Accelerator(x, weight, savedMean, savedInvStd, y, dy, dx, dWeight, dBias);
        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        var rows = new PaddedRowsView(ResidentLengths.For(y, padded.Lengths, 1, 0), padded.Lengths is null ? 0 : padded.Steps);
        if (dWeight is null && dBias is null && dx is null)
        {
            return;
        }

        // The input's gradient in training reads the sums dγ and dβ hold, so a frozen parameter's go to scratch.
        var scratch = ScratchBuffers.For(y);
        var (dGamma, dBeta) = (dWeight?.View ?? scratch.Get(accelerator, 0, channels), dBias?.View ?? scratch.Get(accelerator, 1, channels));
        kernels.ParameterGradients(
            kernels.PerChannel(channels, batch * planeSize), x.View, y.View, dy.View, savedMean.View, savedInvStd.View, dGamma, dBeta, batch, planeSize, (int)activation, rows);
        if (dx is not null)
        {
            kernels.InputGradient(
                dx.Length, x.View, y.View, dy.View, weight.View, savedMean.View, savedInvStd.View, dGamma, dBeta, dx.View,
                planeSize, (int)activation, training ? 1 : 0, rows, count);
        }
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, float, int, PaddedRowsView, int> Statistics { get; } =
            accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, float, int, PaddedRowsView, int>(
                BatchNormKernels.Statistics);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PaddedRowsView> Normalize { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, PaddedRowsView>(
                BatchNormKernels.Normalize);

        public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, PaddedRowsView> ParameterGradients { get; } =
            accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, PaddedRowsView>(
                BatchNormKernels.ParameterGradients);

        /// <summary>
        /// One group per channel, sized to the channel's values: a power of two from a warp up to 256 threads (or the
        /// device's limit), so small planes do not wait on idle threads at each barrier.
        /// </summary>
        public KernelConfig PerChannel(int channels, int values)
        {
            var size = accelerator.WarpSize;
            var limit = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
            while (size < values && size * 2 <= limit)
            {
                size *= 2;
            }

            return new KernelConfig(channels, size);
        }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, PaddedRowsView, int> InputGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, PaddedRowsView, int>(
                BatchNormKernels.InputGradient);
    }
}

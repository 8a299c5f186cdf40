using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>GELU on a GPU, one thread per element, with the arguments and semantics of <see cref="GeluCpu"/>.</summary>
public static class GeluGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y = x·Φ(x); x and y hold as many values.</summary>
    public static void Forward(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentChecks.Length(y, nameof(y), x.Shape);
        if (x.Length > 0)
        {
            For(GpuTensors.Accelerator(y, x)).Forward(x.Length, x.View, y.View);
        }
    }

    /// <summary>dx = dy · (Φ(x) + x·φ(x)).</summary>
    public static void Backward(Tensor x, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentChecks.Length(dy, nameof(dy), x.Shape);
        ArgumentChecks.Length(dx, nameof(dx), x.Shape);
        if (x.Length > 0)
        {
            For(GpuTensors.Accelerator(dx, x, dy)).Backward(x.Length, x.View, dy.View, dx.View);
        }
    }

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    private static void ForwardKernel(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = GeluMath.Value(x[i]);

    private static void BackwardKernel(Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx) =>
        dx[i] = dy[i] * GeluMath.Derivative(x[i]);

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ForwardKernel);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(BackwardKernel);
    }
}

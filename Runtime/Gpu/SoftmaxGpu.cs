using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Softmax over the middle axis of [outer, channels, inner] on a GPU, one thread per slice, with the arguments and
/// semantics of <see cref="SoftmaxCpu"/>.
/// </summary>
public static class SoftmaxGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y = softmax(x) along the middle axis.</summary>
    public static void Forward(int outer, int channels, int inner, Tensor x, Tensor y)
    {
        SoftmaxCpu.Check(outer, channels, inner, x, y);
        if (outer > 0)
        {
            For(GpuTensors.Accelerator(y, x)).Forward(outer * inner, channels, inner, x.View, y.View);
        }
    }

    /// <summary>dx = y ⊙ (dy − Σ dy ⊙ y) along the middle axis, from the forward's output y.</summary>
    public static void Backward(int outer, int channels, int inner, Tensor y, Tensor dy, Tensor dx)
    {
        SoftmaxCpu.Check(outer, channels, inner, y, dy);
        ArgumentChecks.Length(dx, nameof(dx), outer, channels, inner);
        if (outer > 0)
        {
            For(GpuTensors.Accelerator(dx, y, dy)).Backward(outer * inner, channels, inner, y.View, dy.View, dx.View);
        }
    }

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>The first element of slice <paramref name="slice"/>: (outer o, inner i) with stride inner along the axis.</summary>
    private static int Start(int slice, int channels, int inner) => (slice / inner * channels * inner) + (slice % inner);

    private static void ForwardKernel(Index1D slice, int channels, int inner, ArrayView<float> x, ArrayView<float> y)
    {
        var start = Start(slice, channels, inner);
        var max = float.NegativeInfinity;
        for (var c = 0; c < channels; c++)
        {
            var value = x[start + c * inner];
            max = XMath.IsNaN(value) || value > max ? value : max;
        }

        var sum = 0f;
        for (var c = 0; c < channels; c++)
        {
            var e = XMath.Exp(x[start + c * inner] - max);
            y[start + c * inner] = e;
            sum += e;
        }

        var scale = 1f / sum;
        for (var c = 0; c < channels; c++)
        {
            y[start + c * inner] *= scale;
        }
    }

    private static void BackwardKernel(Index1D slice, int channels, int inner, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        var start = Start(slice, channels, inner);
        var dot = 0f;
        for (var c = 0; c < channels; c++)
        {
            dot += dy[start + c * inner] * y[start + c * inner];
        }

        for (var c = 0; c < channels; c++)
        {
            var at = start + c * inner;
            dx[at] = y[at] * (dy[at] - dot);
        }
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, int, int, ArrayView<float>, ArrayView<float>> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<float>, ArrayView<float>>(ForwardKernel);

        public Action<Index1D, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(BackwardKernel);
    }
}

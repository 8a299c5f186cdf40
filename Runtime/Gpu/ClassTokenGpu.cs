using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>ViT's class token on a GPU, with the arguments and semantics of <see cref="ClassTokenCpu"/>.</summary>
public static class ClassTokenGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y[n, 0] = token, y[n, 1 + t] = x[n, t]; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, Tensor x, Tensor token, Tensor y)
    {
        ClassTokenCpu.Check(batch, steps, width, token, y);
        ArgumentChecks.Length(x, nameof(x), batch, steps, width);
        if (y.Length == 0)
        {
            return;
        }

        Caches.GetValue(GpuTensors.Accelerator(x, token, y), static a => new Kernels(a)).Prepend(y.Length, x.View, token.View, y.View, steps, width);
    }

    /// <summary>dToken = Σ_n dy[n, 0] and dx = dy without step 0, each skipped when null; overwritten.</summary>
    public static void Backward(int batch, int steps, int width, Tensor dy, Tensor? dx, Tensor? dToken)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.Length(dy, nameof(dy), batch, steps + 1, width);
        var kernels = Caches.GetValue(GpuTensors.Accelerator(dy, dx, dToken), static a => new Kernels(a));
        if (dToken is not null)
        {
            ArgumentChecks.Length(dToken, nameof(dToken), width);
            kernels.Token(width, dy.View, dToken.View, batch, steps, width);
        }

        if (dx is not null && dx.Length > 0)
        {
            ArgumentChecks.Length(dx, nameof(dx), batch, steps, width);
            kernels.Drop(dx.Length, dy.View, dx.View, steps, width);
        }
    }

    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> Prepend { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(StepKernels.PrependToken);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> Drop { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(StepKernels.DropToken);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> Token { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(StepKernels.TokenGradient);
    }
}

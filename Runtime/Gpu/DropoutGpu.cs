using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Dropout on a GPU with the arguments and semantics of <see cref="DropoutCpu"/>. The mask is drawn on the device
/// (<see cref="DropoutKernels"/>) from the same Philox stream <see cref="DropoutCpu.FillMask"/> reads, and the host
/// generator then skips the words the device used, so both devices drop the same elements for the same seed and the
/// mask is never copied.
/// </summary>
public static class DropoutGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>
    /// Draws a new mask from <paramref name="random"/> when <paramref name="training"/>, else sets it to 1, then writes
    /// y = x · mask, in one launch. x and y may be the same tensor.
    /// </summary>
    public static void Forward(Tensor mask, Tensor x, Tensor y, float p, Philox random, bool training)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentChecks.Length(x, nameof(x), mask.Shape);
        ArgumentChecks.Length(y, nameof(y), mask.Shape);
        var accelerator = GpuTensors.Accelerator(mask, x, y);
        CheckProbability(p);

        if (mask.Length == 0)
        {
            return;
        }

        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        if (!training)
        {
            kernels.Identity(mask.Length, mask.View, x.View, y.View);
            return;
        }

        var state = random.GetState();
        var blocks = (state.Position + mask.Length + 3) / 4;
        kernels.FillAndApply(blocks, mask.View, x.View, y.View, state.Counter, state.Key0, state.Key1, state.Position, p);
        random.Skip(mask.Length);
    }

    /// <summary>
    /// Fills <paramref name="mask"/> alone, as <see cref="DropoutCpu.FillMask"/> does (the same elements for the same
    /// generator state), for kernels that apply it themselves (attention dropout).
    /// </summary>
    public static void FillMask(Tensor mask, float p, Philox random, bool training)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(random);
        var accelerator = GpuTensors.Accelerator(mask);
        CheckProbability(p);

        if (mask.Length == 0)
        {
            return;
        }

        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        if (!training)
        {
            // mask = 1, then y = x reads the 1 back into itself.
            kernels.Identity(mask.Length, mask.View, mask.View, mask.View);
            return;
        }

        var state = random.GetState();
        var blocks = (state.Position + mask.Length + 3) / 4;
        kernels.Fill(blocks, mask.View, state.Counter, state.Key0, state.Key1, state.Position, p);
        random.Skip(mask.Length);
    }

    /// <summary>dx = dy · mask, with the mask of the last <see cref="Forward"/>; dy and dx may be the same tensor.</summary>
    public static void Backward(Tensor mask, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentChecks.Length(dy, nameof(dy), mask.Shape);
        ArgumentChecks.Length(dx, nameof(dx), mask.Shape);
        GpuTensors.Accelerator(mask, dy, dx);
        ElementwiseGpu.Multiply(dy, mask, dx);
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PhiloxBlock, uint, uint, int, float> FillAndApply { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PhiloxBlock, uint, uint, int, float>(
                DropoutKernels.FillAndApply);

        public Action<Index1D, ArrayView<float>, PhiloxBlock, uint, uint, int, float> Fill { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, PhiloxBlock, uint, uint, int, float>(DropoutKernels.Fill);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> Identity { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(DropoutKernels.Identity);
    }

    private static void CheckProbability(float p)
    {
        if (!(p >= 0f && p < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout's p must be in [0, 1).");
        }
    }
}

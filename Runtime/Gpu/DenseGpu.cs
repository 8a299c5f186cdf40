using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Fully connected layers on a GPU with the arguments and semantics of <see cref="DenseCpu"/>, the activation given as
/// a <see cref="DenseActivation"/>. Sequence models run a per-step dense layer through it with rows = N·T.
/// </summary>
/// <remarks>
/// Forward is one launch of the tiled GEMM (<see cref="GemmKernels.Tiled"/>) with the bias and activation in its
/// epilogue; backward is the activation's derivative, two tiled GEMMs (dW = dZᵀx, dX = dZ W) and a column sum (db).
/// </remarks>
public static class DenseGpu
{
    /// <summary>y = act(x wᵀ + b). x is [N, in], w is [out, in], b is [out] or null, y is [N, out].</summary>
    public static void Forward(int batch, int inFeatures, int outFeatures, DenseActivation activation, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        var kernels = Check(batch, inFeatures, outFeatures, x, w, y, b);
        ActivationGpu.Check(activation);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), outFeatures);
        }

        if (y.Length == 0)
        {
            return;
        }

        // One launch: the bias and the activation are the tiled GEMM's epilogue.
        kernels.Gemm(new Index2D(batch, outFeatures), x.View, w.View, y.View, (b ?? w).View,
            new GemmArguments(batch, outFeatures, inFeatures, inFeatures, inFeatures, outFeatures, false, true, false, b is not null), activation);
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>. <paramref name="dy"/> is overwritten with the gradient before the
    /// activation; dw, db and dx are overwritten, each skipped when null (dw and db of a frozen layer).
    /// </summary>
    public static void Backward(
        int batch, int inFeatures, int outFeatures, DenseActivation activation, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db)
    {
        var kernels = Check(batch, inFeatures, outFeatures, x, w, y, dy, dx, dw, db);
        ArgumentChecks.Length(dy, nameof(dy), batch, outFeatures);
        if (dw is not null)
        {
            ArgumentChecks.Length(dw, nameof(dw), outFeatures, inFeatures);
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), batch, inFeatures);
        }

        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), outFeatures);
        }

        ActivationGpu.BackwardInPlace(activation, y, dy);

        // dW = dZᵀ · x: [out × N] · [N × in].
        if (dw is not null)
        {
            kernels.Gemm(new Index2D(outFeatures, inFeatures), dy.View, x.View, dw.View, dw.View,
                new GemmArguments(outFeatures, inFeatures, batch, outFeatures, inFeatures, inFeatures, true, false, false, false));
        }

        if (db is not null)
        {
            kernels.SumRows(outFeatures, dy.View, db.View, batch, outFeatures);
        }

        // dX = dZ · W: [N × out] · [out × in].
        if (dx is not null && dx.Length > 0)
        {
            kernels.Gemm(new Index2D(batch, inFeatures), dy.View, w.View, dx.View, w.View,
                new GemmArguments(batch, inFeatures, outFeatures, outFeatures, inFeatures, inFeatures, false, false, false, false));
        }
    }

    private static RecurrentKernelCache Check(int batch, int inFeatures, int outFeatures, Tensor x, Tensor w, Tensor y, params ReadOnlySpan<Tensor?> others)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(inFeatures, 1, nameof(inFeatures));
        ArgumentChecks.AtLeast(outFeatures, 1, nameof(outFeatures));
        ArgumentChecks.Length(x, nameof(x), batch, inFeatures);
        ArgumentChecks.Length(w, nameof(w), outFeatures, inFeatures);
        ArgumentChecks.Length(y, nameof(y), batch, outFeatures);
        var accelerator = GpuTensors.Accelerator(x, w, y);
        GpuTensors.Accelerator(x, others);
        return RecurrentKernelCache.For(accelerator);
    }
}

namespace Strata.Cpu;

/// <summary>Fully connected layers on the CPU, through the packed GEMM with a fused epilogue.</summary>
public static class DenseCpu
{
    /// <summary>y = act(x wᵀ + b). x is [N, in], w is [out, in], b is [out] or null, y is [N, out].</summary>
    public static void Forward<TActivation>(int batch, int inFeatures, int outFeatures, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace)
        where TActivation : struct, IActivation => throw new NotImplementedException();

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>. <paramref name="dy"/> is overwritten with the gradient before
    /// the activation; dw and db are overwritten; dx is skipped when null.
    /// </summary>
    public static void Backward<TActivation>(
        int batch, int inFeatures, int outFeatures, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation => throw new NotImplementedException();
}

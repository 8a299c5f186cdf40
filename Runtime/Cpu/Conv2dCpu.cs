namespace Strata.Cpu;

/// <summary>Convolution on the CPU: im2col into the packed GEMM, bias and activation fused into the epilogue.</summary>
public static class Conv2dCpu
{
    /// <summary>y = act(conv(x, w) + b). x is [N, C, H, W], w is [OC, C, KH, KW], b is [OC] or null, y is [N, OC, OH, OW].</summary>
    public static void Forward<TActivation>(in ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace)
        where TActivation : struct, IActivation => throw new NotImplementedException();

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>. <paramref name="dy"/> is the gradient with respect to y and is
    /// overwritten with the gradient before the activation. dw and db are overwritten; dx is skipped when null.
    /// </summary>
    public static void Backward<TActivation>(
        in ConvGeometry g, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation => throw new NotImplementedException();
}

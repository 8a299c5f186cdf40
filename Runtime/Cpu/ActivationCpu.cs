namespace Strata.Cpu;

/// <summary>Activations that are not fused into a GEMM epilogue (after pooling or flatten).</summary>
public static class ActivationCpu
{
    /// <summary>y = act(y), in place.</summary>
    public static void ForwardInPlace<TActivation>(Tensor y)
        where TActivation : struct, IActivation => throw new NotImplementedException();

    /// <summary>dy = dy · act'(y), in place, where y is the activation's output.</summary>
    public static void BackwardInPlace<TActivation>(Tensor y, Tensor dy)
        where TActivation : struct, IActivation => throw new NotImplementedException();
}

namespace Strata.Cpu;

/// <summary>
/// Element-wise operations on CPU tensors; the counterpart of <see cref="Gpu.ElementwiseGpu"/>. A tensor read by
/// several ops sums their gradients with <see cref="AddTo"/>.
/// </summary>
public static class ElementwiseCpu
{
    /// <summary>
    /// target += source, element by element. The tensors must hold as many elements, in any shapes (a flattened view
    /// adds into its unflattened source); they may be the same tensor.
    /// </summary>
    public static void AddTo(Tensor source, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentChecks.Length(source, nameof(source), target.Length);
        SpanVectors.AddTo(source.Span, target.Span);
    }
}

namespace Strata.Generator.Model
{
    /// <summary>
    /// One fused operation of the forward pass (its backward mirrors it): the layer's computation with bias and
    /// activation folded into its epilogue.
    /// </summary>
    /// <param name="Kind">What the operation computes.</param>
    /// <param name="Layer">The property it implements, e.g. <c>C1</c>; kernels and buffers are named after it.</param>
    /// <param name="Field">The field stem of the property's handle and parameters, e.g. <c>_c1</c>.</param>
    /// <param name="Activation">The fused activation.</param>
    /// <param name="HasBias">Whether a Conv or Dense adds a bias.</param>
    /// <param name="CountIncludePad">AvgPool's count_include_pad.</param>
    /// <param name="InputShape">The per-sample input, [C, H, W] for conv and pooling, [in] for Dense.</param>
    /// <param name="OutputShape">The per-sample output.</param>
    /// <param name="KernelHeight">Conv and pool window height.</param>
    /// <param name="KernelWidth">Conv and pool window width.</param>
    /// <param name="Stride">Conv and pool stride.</param>
    /// <param name="Pad">Conv and pool padding.</param>
    /// <param name="Probability">Dropout's p, as the float the kernels use.</param>
    /// <param name="X">The tensor it reads.</param>
    /// <param name="Y">The tensor it writes.</param>
    /// <param name="InputGradient">When its backward must produce the gradient of <paramref name="X"/>.</param>
    internal sealed record FusedOp(
        LayerKind Kind,
        string Layer,
        string Field,
        ActivationKind Activation,
        bool HasBias,
        bool CountIncludePad,
        Shape InputShape,
        Shape OutputShape,
        int KernelHeight,
        int KernelWidth,
        int Stride,
        int Pad,
        float Probability,
        TensorRef X,
        TensorRef Y,
        InputGradientNeed InputGradient)
    {
        public bool HasParameters => Kind is LayerKind.Conv or LayerKind.Dense;
    }
}

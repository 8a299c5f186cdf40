namespace Strata.Generator.Model
{
    /// <summary>A layer with its shapes inferred and its defaults resolved (pool stride 0 → kernel, square kernels).</summary>
    /// <param name="Spec">The layer as written.</param>
    /// <param name="Input">The per-sample shape arriving at the property (before a fused Flatten).</param>
    /// <param name="Output">The per-sample shape the property produces.</param>
    /// <param name="KernelHeight">Conv and pool kernel height; 0 for Dense and Flatten.</param>
    /// <param name="KernelWidth">Conv and pool kernel width; 0 for Dense and Flatten.</param>
    /// <param name="Stride">Conv and pool stride; 0 for Dense and Flatten.</param>
    /// <param name="Pad">Conv and pool padding; 0 for Dense and Flatten.</param>
    /// <param name="Second">The shape of the second tensor it reads, where its parameters depend on it (AttentionGru's memory); null otherwise.</param>
    internal sealed record ShapedLayer(LayerSpec Spec, Shape Input, Shape Output, int KernelHeight, int KernelWidth, int Stride, int Pad, Shape? Second = null);
}

namespace Strata.Gpu;

/// <summary>
/// What a <see cref="GemmKernels.Tiled"/> launch does with each finished dot product: add a bias, a residual or a batch
/// norm's scale and shift, apply the activation and store it where the layer wants it. A struct type parameter, so
/// ILGPU specialises and inlines it, and a layer's forward pass is one launch.
/// </summary>
internal interface IGemmEpilogue
{
    /// <summary>Stores the result for output (<paramref name="row"/>, <paramref name="column"/>), both in range.</summary>
    void Store(int row, int column, float sum);
}

namespace Strata
{
    /// <summary>Which dimension <see cref="ConcatAttribute"/> joins its inputs over.</summary>
    public enum ConcatAxis
    {
        /// <summary>
        /// The first per-sample dimension, PyTorch's <c>torch.cat(…, dim=1)</c> for images and vectors: channels of
        /// images, features of vectors, and the features of each step of a sequence (<c>dim=-1</c> there).
        /// </summary>
        Features,

        /// <summary>
        /// The steps (or tokens) of sequences whose step counts are fixed at build time, as a ViT puts its class token
        /// before the patch tokens: [T₁, F] and [T₂, F] give [T₁ + T₂, F], PyTorch's <c>torch.cat(…, dim=1)</c> on
        /// [N, T, F].
        /// </summary>
        Steps,
    }
}

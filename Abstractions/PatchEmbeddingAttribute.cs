using System;

namespace Strata
{
    /// <summary>
    /// ViT's patch embedding (timm's <c>PatchEmbed</c>): a convolution with kernel = stride = <c>patch</c> from
    /// [C, H, W] to [dim, H/patch, W/patch], then its pixels as tokens, row-major: a sequence [T = H·W/patch², dim] whose
    /// step count the image fixes. Parameters as timm's: <c>X.proj.weight</c> [dim, C, patch, patch] and
    /// <c>X.proj.bias</c> [dim], drawn as a conv's. A patch that does not divide the image is a diagnostic:
    /// <c>[PatchEmbedding(64, 7)] public partial PatchEmbedding Patches { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class PatchEmbeddingAttribute : LayerAttribute
    {
        /// <summary>Declares a patch embedding of <paramref name="dim"/> features per patch of <paramref name="patch"/>×<paramref name="patch"/> pixels.</summary>
        /// <param name="dim">The features per token.</param>
        /// <param name="patch">The side of a square patch; it must divide the image's height and width.</param>
        public PatchEmbeddingAttribute(int dim, int patch)
        {
            Dim = dim;
            Patch = patch;
        }

        /// <summary>The features per token.</summary>
        public int Dim { get; }

        /// <summary>The side of a patch.</summary>
        public int Patch { get; }
    }
}

using System;

namespace Strata
{
    /// <summary>
    /// Layer normalisation, as PyTorch's <c>nn.LayerNorm</c>: each sample is normalised over its own values,
    /// y = γ · (x − μ) / √(σ² + eps) + β with μ and σ² the mean and biased variance of the normalised values. A vector
    /// [F] is normalised over its F features (<c>nn.LayerNorm(F)</c>), each step [F] of a sequence over its features (as a
    /// Transformer does), and an image [C, H, W] over all its C·H·W values (<c>nn.LayerNorm([C, H, W])</c>). The
    /// elementwise affine weight γ (1 at first) and bias β (0 at first) have the normalised shape. Training and
    /// evaluation compute the same: <c>[LayerNorm] public partial LayerNorm Norm { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class LayerNormAttribute : LayerAttribute
    {
        /// <summary>Declares layer normalisation with PyTorch's default eps, 1e-5.</summary>
        /// <param name="eps">Added to the variance before its square root; positive.</param>
        public LayerNormAttribute(double eps = 1e-5)
        {
            Eps = eps;
        }

        /// <summary>Added to the variance before its square root.</summary>
        public double Eps { get; }
    }
}

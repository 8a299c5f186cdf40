using System;

namespace Strata
{
    /// <summary>
    /// Batch normalisation, as PyTorch's <c>nn.BatchNorm2d</c> over the channels of an image [C, H, W] and
    /// <c>nn.BatchNorm1d</c> over the features of a vector [F] (or the channels of [C, L]):
    /// y = γ · (x − μ) / √(σ² + eps) + β per channel, with γ (weight) starting at 1 and β (bias) at 0. In training mode
    /// μ and σ² are the batch's mean and biased variance, and the running statistics (buffers) move towards the batch's
    /// mean and unbiased variance: running = (1 − momentum) · running + momentum · batch. In evaluation mode
    /// (<c>Eval()</c>) μ and σ² are the running statistics. An activation on the same property is fused:
    /// <c>[BatchNorm, Relu] public partial BatchNorm Bn1 { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class BatchNormAttribute : LayerAttribute
    {
        /// <summary>Declares batch normalisation with PyTorch's defaults: momentum 0.1, eps 1e-5.</summary>
        /// <param name="momentum">How far each training batch moves the running statistics, in [0, 1].</param>
        /// <param name="eps">Added to the variance before its square root; positive.</param>
        public BatchNormAttribute(double momentum = 0.1, double eps = 1e-5)
        {
            Momentum = momentum;
            Eps = eps;
        }

        /// <summary>How far each training batch moves the running statistics.</summary>
        public double Momentum { get; }

        /// <summary>Added to the variance before its square root.</summary>
        public double Eps { get; }
    }
}

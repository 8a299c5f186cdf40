using System;

namespace Strata
{
    /// <summary>
    /// Learned positions added to a sequence [T, d] → [T, d], as ViT's <c>pos_embed</c>: y[t] = x[t] + W[t] with
    /// <c>X.weight</c> [maxSteps, d], drawn from N(0, 1) as <c>nn.Embedding(maxSteps, d)</c>. A sequence whose step count
    /// is fixed at build time and exceeds maxSteps is a diagnostic; a longer sequence at run time throws
    /// <see cref="ArgumentException"/>: <c>[PositionEmbedding(17)] public partial PositionEmbedding Positions { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class PositionEmbeddingAttribute : LayerAttribute
    {
        /// <summary>Declares learned positions for sequences of up to <paramref name="maxSteps"/> steps.</summary>
        /// <param name="maxSteps">The number of positions learned; positive.</param>
        public PositionEmbeddingAttribute(int maxSteps)
        {
            MaxSteps = maxSteps;
        }

        /// <summary>The number of positions learned.</summary>
        public int MaxSteps { get; }
    }
}

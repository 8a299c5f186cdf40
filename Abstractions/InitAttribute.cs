using System;

namespace Strata
{
    /// <summary>
    /// Chooses how a layer's parameters start instead of PyTorch's default for the layer:
    /// <c>[Conv(64, 3, pad: 1), Init(InitScheme.KaimingNormal, bias: InitScheme.Zeros)]</c>. The weights are the
    /// parameters named weight (a conv's, a dense layer's, an embedding's, a recurrent layer's weight_ih and weight_hh, an
    /// attention's in_proj_weight, a BatchNorm's or LayerNorm's scale); the biases those named bias. A model still draws
    /// every value from the generator its seed starts, in declaration order, so a seed gives the same weights every time.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class InitAttribute : Attribute
    {
        /// <summary>Starts the layer's weights with <paramref name="weights"/> and its biases with <paramref name="bias"/>.</summary>
        public InitAttribute(InitScheme weights, InitScheme bias = InitScheme.Default)
        {
            Weights = weights;
            Bias = bias;
        }

        /// <summary>How the weights start.</summary>
        public InitScheme Weights { get; }

        /// <summary>How the biases start; <see cref="InitScheme.Default"/> keeps the layer's default.</summary>
        public InitScheme Bias { get; }
    }
}

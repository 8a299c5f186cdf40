using System;

namespace Strata
{
    /// <summary>
    /// The activation x if x &gt; 0, else <see cref="NegativeSlope"/> · x, as PyTorch's
    /// <c>torch.nn.LeakyReLU(negative_slope)</c>, on the same property as its layer, e.g.
    /// <c>[Conv(64, 3), LeakyRelu(0.2f)]</c> or <c>[Dense(10), LeakyRelu]</c> (PyTorch's default slope 0.01).
    /// Unlike the other activations it is not fused into the layer's epilogue: it runs as an in-place pass over the
    /// layer's output, and its backward pass takes the derivative from that output, which is only valid for a
    /// slope ≥ 0: here the slope must be finite and ≥ 0, although PyTorch also accepts a negative one.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class LeakyReluAttribute : ActivationAttribute
    {
        /// <summary>
        /// Declares a leaky ReLU with slope <paramref name="negativeSlope"/> for negative inputs: finite and ≥ 0
        /// (0 gives ReLU, 1 the identity); the default 0.01 is PyTorch's.
        /// </summary>
        public LeakyReluAttribute(float negativeSlope = 0.01f)
        {
            NegativeSlope = negativeSlope;
        }

        /// <summary>The factor applied to negative inputs, <c>negative_slope</c> in PyTorch.</summary>
        public float NegativeSlope { get; }
    }
}

using System;

namespace Strata
{
    /// <summary>
    /// Dropout, as PyTorch's <c>nn.Dropout(p)</c>: in training mode each element is zeroed with probability
    /// <see cref="P"/> and the survivors are scaled by 1/(1 − p); in evaluation mode it passes its input through.
    /// It stands alone on a <c>Dropout</c> property and keeps the shape.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class DropoutAttribute : LayerAttribute
    {
        /// <summary>Declares dropout that zeroes each element with probability <paramref name="p"/>, in [0, 1).</summary>
        public DropoutAttribute(double p = 0.5)
        {
            P = p;
        }

        /// <summary>The probability of zeroing an element during training.</summary>
        public double P { get; }
    }
}

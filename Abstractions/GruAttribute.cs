using System;

namespace Strata
{
    /// <summary>A GRU layer, as PyTorch's <c>nn.GRU(input, hidden, batch_first=True)</c> (gate order r, z, n); the input size is inferred.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class GruAttribute : RecurrentAttribute
    {
        /// <summary>Declares a GRU layer with <paramref name="hidden"/> state features.</summary>
        public GruAttribute(int hidden)
            : base(hidden)
        {
        }
    }
}

using System;

namespace Strata
{
    /// <summary>An Elman RNN layer, as PyTorch's <c>nn.RNN(input, hidden, nonlinearity, batch_first=True)</c>; the input size is inferred.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class RnnAttribute : RecurrentAttribute
    {
        /// <summary>Declares an RNN layer with <paramref name="hidden"/> state features and the given nonlinearity.</summary>
        public RnnAttribute(int hidden, RnnActivation activation = RnnActivation.Tanh)
            : base(hidden) => Activation = activation;

        /// <summary>tanh (the default) or relu.</summary>
        public RnnActivation Activation { get; }
    }
}

using System;

namespace Strata
{
    /// <summary>A LSTM layer, as PyTorch's <c>nn.LSTM(input, hidden, batch_first=True)</c> (gate order i, f, g, o); the input size is inferred.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class LstmAttribute : RecurrentAttribute
    {
        /// <summary>Declares a LSTM layer with <paramref name="hidden"/> state features.</summary>
        public LstmAttribute(int hidden)
            : base(hidden)
        {
        }
    }
}

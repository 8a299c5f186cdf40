using System;

namespace Strata
{
    /// <summary>
    /// The options every recurrent layer shares, with PyTorch's defaults: one layer, one direction, the whole output
    /// sequence, no dropout. Weights, biases and gate order follow PyTorch's <c>nn.RNN</c>, <c>nn.LSTM</c> and <c>nn.GRU</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public abstract class RecurrentAttribute : LayerAttribute
    {
        /// <summary>Declares a recurrent layer with <paramref name="hidden"/> state features.</summary>
        protected RecurrentAttribute(int hidden) => Hidden = hidden;

        /// <summary>The size of the hidden state, H.</summary>
        public int Hidden { get; }

        /// <summary>Stacked layers (PyTorch's num_layers); each reads the previous one's output sequence.</summary>
        public int Layers { get; set; } = 1;

        /// <summary>Adds a reverse direction; the output is [T, 2·H], forward first.</summary>
        public bool Bidirectional { get; set; }

        /// <summary>
        /// True (the default): the output is the sequence [T, D·H]. False: each sequence's last valid step [D·H] (for the
        /// reverse direction, step 0, as PyTorch's h_n), for many-to-one models.
        /// </summary>
        public bool ReturnSequences { get; set; } = true;

        /// <summary>Dropout probability on the outputs of each layer except the last, in training mode.</summary>
        public double Dropout { get; set; }
    }
}

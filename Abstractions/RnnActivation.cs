namespace Strata
{
    /// <summary>The nonlinearity of an Elman <see cref="RnnAttribute"/>, as PyTorch's <c>nn.RNN(nonlinearity=...)</c>.</summary>
    public enum RnnActivation
    {
        /// <summary>h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), the default.</summary>
        Tanh,

        /// <summary>h_t = relu(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).</summary>
        Relu,
    }
}

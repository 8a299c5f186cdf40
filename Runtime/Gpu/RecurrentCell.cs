namespace Strata.Gpu;

/// <summary>The recurrent cell kinds the GPU kernels implement (PyTorch semantics and gate order).</summary>
public enum RecurrentCell
{
    /// <summary>nn.RNN with nonlinearity='tanh'.</summary>
    RnnTanh,

    /// <summary>nn.RNN with nonlinearity='relu'.</summary>
    RnnRelu,

    /// <summary>nn.LSTM (gates i, f, g, o).</summary>
    Lstm,

    /// <summary>nn.GRU (gates r, z, n).</summary>
    Gru,
}

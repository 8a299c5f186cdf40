namespace Strata.Cpu;

/// <summary>
/// One direction of one recurrent layer's parameters in PyTorch's layout (or their gradients): weight_ih [G·H, I],
/// weight_hh [G·H, H], bias_ih [G·H], bias_hh [G·H], where G is the number of gates (RNN 1, LSTM 4, GRU 3).
/// </summary>
public sealed record RecurrentWeights(Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh);

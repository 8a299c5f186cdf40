namespace Strata.Cpu;

/// <summary>
/// An attention-GRU decoder's parameters (or their gradients) in d2l/PyTorch's layout: <c>attention.W_q.weight</c>
/// [A, H], <c>attention.W_k.weight</c> [A, K], <c>attention.w_v.weight</c> [1, A] (all without bias, as d2l's
/// <c>AdditiveAttention</c>), and the GRU's <c>rnn.weight_ih_l0</c> [3H, K + I] (context columns first, as d2l's
/// <c>torch.cat((context, x), dim=-1)</c>), <c>rnn.weight_hh_l0</c> [3H, H], <c>rnn.bias_ih_l0</c>, <c>rnn.bias_hh_l0</c> [3H].
/// </summary>
public sealed record AttentionGruWeights(Tensor QueryWeight, Tensor KeyWeight, Tensor ScoreWeight, RecurrentWeights Gru);

using Strata.Cpu;

namespace Strata;

/// <summary>
/// The handle of an <c>[AttentionGru(hidden, MemoryFrom = ...)]</c> layer: its parameters in d2l's state_dict order
/// (<c>attention.W_q.weight</c>, <c>attention.W_k.weight</c>, <c>attention.w_v.weight</c>, <c>rnn.weight_ih_l0</c>,
/// <c>rnn.weight_hh_l0</c>, <c>rnn.bias_ih_l0</c>, <c>rnn.bias_hh_l0</c>) and the views the runtime's
/// <see cref="AttentionGruCpu"/> and <c>AttentionGruGpu</c> take.
/// </summary>
public sealed class AttentionGru(
    Parameter queryWeight, Parameter keyWeight, Parameter scoreWeight,
    Parameter weightIh, Parameter weightHh, Parameter biasIh, Parameter biasHh, int hidden, int attentionHidden, bool stateFromMemory)
{
    /// <summary><c>attention.W_q.weight</c> [A, hidden].</summary>
    public Parameter QueryWeight { get; } = queryWeight;

    /// <summary><c>attention.W_k.weight</c> [A, memory width].</summary>
    public Parameter KeyWeight { get; } = keyWeight;

    /// <summary><c>attention.w_v.weight</c> [1, A].</summary>
    public Parameter ScoreWeight { get; } = scoreWeight;

    /// <summary><c>rnn.weight_ih_l0</c> [3·hidden, memory width + input], context columns first.</summary>
    public Parameter WeightIh { get; } = weightIh;

    /// <summary><c>rnn.weight_hh_l0</c> [3·hidden, hidden].</summary>
    public Parameter WeightHh { get; } = weightHh;

    /// <summary><c>rnn.bias_ih_l0</c> [3·hidden].</summary>
    public Parameter BiasIh { get; } = biasIh;

    /// <summary><c>rnn.bias_hh_l0</c> [3·hidden].</summary>
    public Parameter BiasHh { get; } = biasHh;

    /// <summary>The state features.</summary>
    public int Hidden { get; } = hidden;

    /// <summary>The additive attention's features.</summary>
    public int AttentionHidden { get; } = attentionHidden;

    /// <summary>Whether it starts from the memory's last valid step (the encoder's final state), else from zeros.</summary>
    public bool StateFromMemory { get; } = stateFromMemory;

    /// <summary>The parameters' values as the kernels take them.</summary>
    public AttentionGruWeights Weights =>
        new(QueryWeight.Value, KeyWeight.Value, ScoreWeight.Value, new RecurrentWeights(WeightIh.Value, WeightHh.Value, BiasIh.Value, BiasHh.Value));

    /// <summary>
    /// The parameters' gradients as the kernels write them (overwritten by each backward). The kernels write every one,
    /// so a frozen parameter's gradient is computed too; optimisers skip frozen parameters.
    /// </summary>
    public AttentionGruWeights Gradients =>
        new(QueryWeight.Grad, KeyWeight.Grad, ScoreWeight.Grad, new RecurrentWeights(WeightIh.Grad, WeightHh.Grad, BiasIh.Grad, BiasHh.Grad));
}

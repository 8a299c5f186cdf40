namespace Strata;

/// <summary>
/// A multi-head self-attention layer, as PyTorch's <c>nn.MultiheadAttention</c> with its parameters and state_dict names:
/// the packed input projection (<c>in_proj_weight</c> [3d, d], <c>in_proj_bias</c> [3d], rows q, then k, then v) and
/// the output projection (<c>out_proj.weight</c> [d, d], <c>out_proj.bias</c> [d]).
/// </summary>
public sealed class MultiHeadAttention(Parameter inProjWeight, Parameter inProjBias, Parameter outProjWeight, Parameter outProjBias, int heads)
{
    /// <summary>The packed query, key and value projection weight [3d, d].</summary>
    public Parameter InProjWeight { get; } = inProjWeight;

    /// <summary>The packed query, key and value projection bias [3d].</summary>
    public Parameter InProjBias { get; } = inProjBias;

    /// <summary>The output projection weight [d, d].</summary>
    public Parameter OutProjWeight { get; } = outProjWeight;

    /// <summary>The output projection bias [d].</summary>
    public Parameter OutProjBias { get; } = outProjBias;

    /// <summary>The number of heads.</summary>
    public int Heads { get; } = heads;
}

using Strata.Runtime.Tests.Reference;
using static Strata.Dims;

namespace Strata.Runtime.Tests.Models;

// Models for LayerNorm's oracles. LayerNorm's weight and bias start at 1 and 0, which would hide a swapped or ignored
// one, so its tests randomise them (LayerNormModels.Create) rather than run these through TestModels' lists.

/// <summary>LayerNorm over a vector's features with a large eps (so that ONNX Runtime shows a wrong or missing one), between two Dense layers.</summary>
[Model, Input(6)]
public partial class LayerNormVectorNet
{
    [Dense(5)] public partial Dense Hidden { get; }
    [LayerNorm(eps: 0.25)] public partial LayerNorm Norm { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>LayerNorm over a whole non-square image [C, H, W] after a conv, as nn.LayerNorm([3, 4, 3]), then a Dense head.</summary>
[Model, Input(2, 4, 3)]
public partial class LayerNormImageNet
{
    [Conv(3, 3, pad: 1)] public partial Conv2d Conv { get; }
    [LayerNorm] public partial LayerNorm Norm { get; }
    [Flatten, Dense(2)] public partial Dense Out { get; }
}

/// <summary>LayerNorm over each step's features between an LSTM and a per-step Dense, as in a Transformer's sublayers.</summary>
[Model, Input(Sequence, 3)]
public partial class LayerNormSequenceNet
{
    [Lstm(4)] public partial Lstm Encoder { get; }
    [LayerNorm] public partial LayerNorm Norm { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>LayerNorm alone on a vector.</summary>
[Model, Input(5)]
public partial class LayerNormOnlyNet
{
    [LayerNorm] public partial LayerNorm Norm { get; }
}

/// <summary>The LayerNorm models, and how the tests make one with random weights.</summary>
internal static class LayerNormModels
{
    public static readonly Type[] Images = [typeof(LayerNormVectorNet), typeof(LayerNormImageNet)];

    /// <summary>A model whose parameters (LayerNorm's weight and bias included, which start at 1 and 0) are random, so that a swapped or ignored one shows.</summary>
    public static IModel Create(Type type, Device device, Random random)
    {
        var model = TestModels.Create(type, device, random.Next());
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -1.5f, 1.5f));
        }

        return model;
    }
}

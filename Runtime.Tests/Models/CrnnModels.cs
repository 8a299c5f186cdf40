using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// A CRNN: convolutions over a non-square image, [ToSequence(SequenceAxis.Width)] to make each of the 6 columns a step of
/// C·H = 3·4 = 12 features (channel-major, so a row-major or transposed bridge gives other numbers), a bidirectional LSTM
/// over those fixed 6 steps and a per-step Dense: [1, 8, 12] → [6, 5].
/// </summary>
[Model, Input(1, 8, 12)]
public partial class CrnnNet
{
    [Conv(4, 3, pad: 1), Relu] public partial Conv2d C1 { get; }
    [MaxPool(2)] public partial Pool2d P1 { get; }
    [Conv(3, 3, pad: 1), Relu] public partial Conv2d C2 { get; }
    [ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }
    [Lstm(6, Bidirectional = true)] public partial Lstm Rnn { get; }
    [Dense(5)] public partial Dense Out { get; }
}

/// <summary>
/// A ViT-style bridge: a 1×1 patch embedding, [ToSequence(SequenceAxis.Pixels)] to make each of the 3·4 pixels a step of
/// 5 features, LayerNorm on each step, a bidirectional GRU reduced to its last steps, and a Dense head: [2, 3, 4] → [3].
/// </summary>
[Model, Input(2, 3, 4)]
public partial class PixelSequenceNet
{
    [Conv(5, 1)] public partial Conv2d Patch { get; }
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }
    [LayerNorm] public partial LayerNorm Norm { get; }
    [Gru(4, Bidirectional = true, ReturnSequences = false)] public partial Gru Encoder { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>
/// Sequences joined both ways: two 1×1 patch embeddings of the same image as tokens, joined over features ([T=24, 3] and
/// [T=24, 2] give [T=24, 5]), then a 2×2 strided embedding's 6 tokens put before those 24 over steps ([T=30, 5]), as a
/// ViT puts its class token before its patches; LayerNorm per step, a GRU reduced to its last step and a Dense head:
/// [2, 4, 6] → [2]. Swapping the two joins, or the order of the blocks, changes the numbers.
/// </summary>
[Model, Input(2, 4, 6)]
public partial class SequenceJoinNet
{
    [Conv(3, 1)] public partial Conv2d Patch { get; }
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }
    [From(Graph.Input), Conv(2, 1)] public partial Conv2d Wide { get; }
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence WideTokens { get; }
    [Concat(nameof(Tokens), nameof(WideTokens))] public partial Concat Features { get; }
    [From(Graph.Input), Conv(5, 2, stride: 2)] public partial Conv2d Coarse { get; }
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence CoarseTokens { get; }
    [Concat(nameof(CoarseTokens), nameof(Features), Axis = ConcatAxis.Steps)] public partial Concat Joined { get; }
    [LayerNorm] public partial LayerNorm Norm { get; }
    [Gru(3, ReturnSequences = false)] public partial Gru Encoder { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>The bridge alone, columns as steps: what the model outputs is the bridge's own output.</summary>
[Model, Input(2, 3, 4)]
public partial class ColumnsOnlyNet
{
    [ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }
}

/// <summary>The bridge alone, pixels as steps.</summary>
[Model, Input(2, 3, 4)]
public partial class PixelsOnlyNet
{
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }
}

/// <summary>The bridge models, and how the tests make one with random weights.</summary>
internal static class CrnnModels
{
    public static readonly Type[] All = [typeof(CrnnNet), typeof(PixelSequenceNet), typeof(SequenceJoinNet)];

    /// <summary>A model whose parameters (LayerNorm's 1 and 0 included) are random, so that a swapped or ignored one shows.</summary>
    public static IModel Create(Type type, Device device, Random random)
    {
        var model = TestModels.Create(type, device, random.Next());
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -0.8f, 0.8f));
        }

        return model;
    }
}

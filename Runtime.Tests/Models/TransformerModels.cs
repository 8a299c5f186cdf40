using Strata.Runtime.Tests.Reference;
using static Strata.Dims;

namespace Strata.Runtime.Tests.Models;

/// <summary>Self-attention alone on a sequence of dynamic length, 3 heads of 2.</summary>
[Model, Input(Sequence, 6)]
public partial class AttentionSequenceNet
{
    [MultiHeadAttention(3)] public partial MultiHeadAttention Attention { get; }
}

/// <summary>AttentionSequenceNet with PyTorch's attention dropout, p = 0.3.</summary>
[Model, Input(Sequence, 6)]
public partial class AttentionDropoutNet
{
    [MultiHeadAttention(3, Dropout = 0.3)] public partial MultiHeadAttention Attention { get; }
}

/// <summary>
/// Cross-attention in a sequence model: the keys and values are a per-step Dense + tanh of the input ("memory"), the
/// queries another per-step Dense of it; both share the model's lengths, so the keys past each length are masked.
/// </summary>
[Model, Input(Sequence, 6)]
public partial class CrossAttentionNet
{
    [Dense(6), Tanh] public partial Dense Memory { get; }
    [From(Graph.Input), Dense(6)] public partial Dense Queries { get; }
    [MultiHeadAttention(3, KeysFrom = nameof(Memory))] public partial MultiHeadAttention Attention { get; }
}

/// <summary>
/// Cross-attention with fewer queries than keys: the 6 pixels of a 4×2×3 image are the keys and values, the 2 pixels of
/// its 1×2 adaptive average are the queries; then a per-step Dense.
/// </summary>
[Model, Input(4, 2, 3)]
public partial class CrossPixelsNet
{
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence Pixels { get; }
    [From(Graph.Input), AdaptiveAvgPool(1, 2)] public partial Pool2d Pooled { get; }
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence QuerySteps { get; }
    [MultiHeadAttention(2, KeysFrom = nameof(Pixels), Dropout = 0.25)] public partial MultiHeadAttention Attention { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>Self-attention over an image's pixels (6 steps of 4 fixed by the image), 2 heads of 2, then a per-step Dense.</summary>
[Model, Input(4, 2, 3)]
public partial class AttentionPixelsNet
{
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }
    [MultiHeadAttention(2)] public partial MultiHeadAttention Attention { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>
/// PyTorch's <c>nn.TransformerEncoderLayer(d, heads, feedForward, dropout=0.1, activation="relu", batch_first=True,
/// norm_first=normFirst)</c>: post-norm x = norm2(h + ff(h)), h = norm1(x + sa(x)) by default; pre-norm
/// x = h + ff(norm2(h)), h = x + sa(norm1(x)). <c>dropout: false</c> leaves the three dropouts out (a training test's
/// finite differences need a deterministic forward).
/// </summary>
[Block]
public partial class TransformerEncoderLayer(int heads, int feedForward, bool normFirst = false, bool dropout = true)
{
    [When(nameof(normFirst)), LayerNorm]               public partial LayerNorm NormFirst1 { get; }
    [MultiHeadAttention(nameof(heads))]                public partial MultiHeadAttention SelfAttn { get; }
    [When(nameof(dropout)), Dropout(0.1)]              public partial Dropout Dropout1 { get; }
    [Add(Graph.Input, nameof(Dropout1))]               public partial Add Residual1 { get; }
    [When("!normFirst"), LayerNorm]                    public partial LayerNorm Norm1 { get; }
    [When(nameof(normFirst)), LayerNorm]               public partial LayerNorm NormFirst2 { get; }
    [Dense(nameof(feedForward)), Relu]                 public partial Dense Linear1 { get; }
    [When(nameof(dropout)), Dropout(0.1)]              public partial Dropout FeedForwardDropout { get; }
    [Dense(Graph.InChannels)]                          public partial Dense Linear2 { get; }
    [When(nameof(dropout)), Dropout(0.1)]              public partial Dropout Dropout2 { get; }
    [Add(nameof(Norm1), nameof(Dropout2))]             public partial Add Residual2 { get; }
    [When("!normFirst"), LayerNorm]                    public partial LayerNorm Norm2 { get; }
}

/// <summary>Sinusoidal positions, two post-norm encoder layers (no dropout), a masked mean and a Dense head.</summary>
[Model, Input(Sequence, 8)]
public partial class EncoderNet
{
    [PositionalEncoding] public partial PositionalEncoding Positions { get; }
    public TransformerEncoderLayer[] Encoder { get; } = [new(2, 16, dropout: false), new(2, 16, dropout: false)];
    [MeanOverSteps] public partial MeanOverSteps Pool { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>EncoderNet with pre-norm layers.</summary>
[Model, Input(Sequence, 8)]
public partial class PreNormEncoderNet
{
    [PositionalEncoding] public partial PositionalEncoding Positions { get; }
    public TransformerEncoderLayer[] Encoder { get; } = [new(2, 16, normFirst: true, dropout: false), new(2, 16, normFirst: true, dropout: false)];
    [MeanOverSteps] public partial MeanOverSteps Pool { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>EncoderNet with PyTorch's dropout 0.1 in both layers (evaluation and the export leave it out).</summary>
[Model, Input(Sequence, 8)]
public partial class DropoutEncoderNet
{
    [PositionalEncoding] public partial PositionalEncoding Positions { get; }
    public TransformerEncoderLayer[] Encoder { get; } = [new(2, 16), new(2, 16)];
    [MeanOverSteps] public partial MeanOverSteps Pool { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>Both kinds of positions on a sequence of dynamic length, then a masked mean.</summary>
[Model, Input(Sequence, 4)]
public partial class PositionsNet
{
    [PositionalEncoding] public partial PositionalEncoding Sinusoids { get; }
    [PositionEmbedding(6)] public partial PositionEmbedding Learned { get; }
    [MeanOverSteps] public partial MeanOverSteps Pool { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>Learned positions, then one step of every sequence.</summary>
[Model, Input(Sequence, 4)]
public partial class TakeStepNet
{
    [PositionEmbedding(5)] public partial PositionEmbedding Learned { get; }
    [TakeStep(1)] public partial TakeStep Second { get; }
}

/// <summary>A tiny ViT: 2×2 patches of a 4×6 image, a class token, learned positions, a pre-norm encoder layer, the class token's LayerNorm and a head.</summary>
[Model, Input(2, 4, 6)]
public partial class TinyVitNet
{
    [PatchEmbedding(4, 2)] public partial PatchEmbedding Patches { get; }
    [ClassToken] public partial ClassToken Cls { get; }
    [PositionEmbedding(7)] public partial PositionEmbedding Positions { get; }
    public TransformerEncoderLayer Encoder { get; } = new(2, 8, normFirst: true, dropout: false);
    [LayerNorm] public partial LayerNorm Norm { get; }
    [TakeStep(0)] public partial TakeStep Head0 { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>How the Transformer tests make models with random parameters (biases that start at 0 included).</summary>
internal static class TransformerModels
{
    public static IModel Create(Type type, Device device, Random random, float scale = 1f)
    {
        var model = TestModels.Create(type, device, random.Next());
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -scale, scale));
        }

        return model;
    }

    public static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }

    /// <summary>
    /// Checks the model's output and its gradients (every parameter and the input) against central finite differences of
    /// <paramref name="reference"/>, for the weighted sum Σ r·y.
    /// </summary>
    public static void AssertForwardAndBackward(
        IModel model, Device device, int[] inputShape, float[] x, Func<double[], IReadOnlyList<double[]>, double[]> reference, Random random, string what,
        Func<Tensor, Tensor>? forward = null)
    {
        var y = (forward ?? model.Forward)(device.FromArray(x, inputShape)).ToArray();
        var r = RandomData.Uniform(random, y.Length);
        var outputShape = y.Length == inputShape[0] * TestModels.Elements(model.OutputShape.Select(d => d < 0 ? inputShape[1] : d).ToArray())
            ? new[] { inputShape[0] }.Concat(model.OutputShape.Select(d => d < 0 ? inputShape[1] : d)).ToArray()
            : throw new InvalidOperationException($"{what}: unexpected output length {y.Length}");
        var inputGradient = model.Backward(device.FromArray(r, outputShape), inputGradient: true)!.ToArray();
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var (xDouble, rDouble) = (x.ToDouble(), r.ToDouble());
        Closeness.AssertClose(reference(xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, reference(xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, reference(values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }
}

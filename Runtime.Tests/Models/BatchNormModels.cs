using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

// Models for BatchNorm's oracles. BatchNorm computes differently in training and in evaluation, so these are not in
// TestModels' lists, whose oracles compare both modes with the one inference graph.

/// <summary>BatchNorm2d alone on non-square planes.</summary>
[Model, Input(3, 5, 4)]
public partial class BatchNorm2dNet
{
    [BatchNorm] public partial BatchNorm Bn { get; }
}

/// <summary>A conv, then BatchNorm2d with a chosen momentum and a fused sigmoid (smooth, for finite differences).</summary>
[Model, Input(2, 5, 4)]
public partial class ConvBatchNormSigmoidNet
{
    [Conv(3, 3, bias: false)] public partial Conv2d Conv { get; }
    [BatchNorm(momentum: 0.3), Sigmoid] public partial BatchNorm Bn { get; }
}

/// <summary>BatchNorm1d over features with a chosen eps, then a Dense head.</summary>
[Model, Input(5)]
public partial class BatchNorm1dNet
{
    [BatchNorm(eps: 1e-3)] public partial BatchNorm Bn { get; }
    [Dense(3)] public partial Dense Head { get; }
}

/// <summary>BatchNorm2d with a fused ReLU, ended by a global average pool: the ResNet head.</summary>
[Model, Input(4, 3, 5)]
public partial class BatchNormReluPoolNet
{
    [BatchNorm, Relu] public partial BatchNorm Bn { get; }
    [GlobalAvgPool] public partial GlobalAvgPool Pool { get; }
}

/// <summary>The BatchNorm models, and how the tests make one with random weights and running statistics.</summary>
internal static class BatchNormModels
{
    public static readonly Type[] All = [typeof(BatchNorm2dNet), typeof(ConvBatchNormSigmoidNet), typeof(BatchNorm1dNet), typeof(BatchNormReluPoolNet)];

    /// <summary>
    /// A model whose parameters (BatchNorm's weight and bias included, which start at 1 and 0) and running statistics
    /// (variances in [0.5, 2]) are random, so that a swapped or ignored one shows.
    /// </summary>
    public static IModel Create(Type type, Device device, Random random)
    {
        var model = TestModels.Create(type, device, random.Next());
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -1.5f, 1.5f));
        }

        foreach (var buffer in model.Buffers.Where(b => !b.IsInt64))
        {
            var variance = buffer.Name.EndsWith(".running_var", StringComparison.Ordinal);
            buffer.Value.CopyFrom(variance ? RandomData.Uniform(random, buffer.Value.Length, 0.5f, 2f) : RandomData.Uniform(random, buffer.Value.Length));
        }

        return model;
    }

    /// <summary>The float running statistics, as the reference takes them.</summary>
    public static List<double[]> RunningStatistics(IModel model) =>
        model.Buffers.Where(b => !b.IsInt64).Select(b => b.Value.ToArray().ToDouble()).ToList();
}

/// <summary>
/// BatchNorm over the steps of a sequence model: on the input's features (so the test can check its running statistics
/// from the input alone), then after a GRU with a fused ReLU, then a per-step Dense: [T, 3] → [T, 2].
/// </summary>
[Model, Input(Dims.Sequence, 3)]
public partial class BatchNormSequenceNet
{
    [BatchNorm] public partial BatchNorm Bn { get; }
    [Gru(4)] public partial Gru Encoder { get; }
    [BatchNorm, Relu] public partial BatchNorm Bn2 { get; }
    [Dense(2)] public partial Dense Out { get; }
}

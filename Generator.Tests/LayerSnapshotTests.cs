using ApprovalTests;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// One layer's emitted Forward and Backward, on the CPU and the GPU, approved on their own (as Mapperly tests one method
/// body), so a change to a layer's definition shows up as a small diff here rather than inside a whole model. Each
/// model holds the one layer under test. Approve by copying Snapshots/Layers/*.received.cs over *.approved.cs.
/// </summary>
public sealed class LayerSnapshotTests
{
    private const string Sequence = "Model, Input(Dims.Sequence, 3)";
    private const string Tokens = "Model, Input(Dims.Sequence, Dims.Tokens, 10)";

    public static TheoryData<string, string, string> Layers() => new()
    {
        { "Conv", "Model, Input(2, 5, 5)", "[Conv(3, 3, stride: 2, pad: 1), Relu] public partial Conv2d Layer { get; }" },
        { "ConvNoBias", "Model, Input(2, 5, 5)", "[Conv(3, 3, bias: false)] public partial Conv2d Layer { get; }" },
        { "MaxPool", "Model, Input(2, 4, 4)", "[MaxPool(2)] public partial Pool2d Layer { get; }" },
        { "AvgPool", "Model, Input(2, 4, 4)", "[AvgPool(3, stride: 1, pad: 1, countIncludePad: false), Sigmoid] public partial Pool2d Layer { get; }" },
        { "GlobalAvgPool", "Model, Input(2, 3, 4)", "[GlobalAvgPool, Relu] public partial GlobalAvgPool Layer { get; }" },
        { "BatchNorm2d", "Model, Input(2, 3, 4)", "[BatchNorm, Relu] public partial BatchNorm Layer { get; }" },
        { "BatchNorm1d", "Model, Input(6)", "[BatchNorm(momentum: 0.2, eps: 1e-3)] public partial BatchNorm Layer { get; }" },
        { "Dense", "Model, Input(6)", "[Dense(4), Tanh] public partial Dense Layer { get; }" },
        { "FlattenDense", "Model, Input(2, 3, 3)", "[Flatten, Dense(4)] public partial Dense Layer { get; }" },
        { "Dropout", "Model, Input(6)", "[Dropout(0.25)] public partial Dropout Layer { get; }" },
        { "LeakyRelu", "Model, Input(6)", "[Dense(4), LeakyRelu(0.2f)] public partial Dense Layer { get; }" },
        { "Rnn", Sequence, "[Rnn(4, RnnActivation.Relu)] public partial Rnn Layer { get; }" },
        { "Lstm", Sequence, "[Lstm(4, Bidirectional = true, ReturnSequences = false)] public partial Lstm Layer { get; }" },
        { "Gru", Sequence, "[Gru(4, Layers = 2, Dropout = 0.5)] public partial Gru Layer { get; }" },
        { "Embedding", Tokens, "[Embedding(10, 4)] public partial Embedding Layer { get; }" },
        { "OneHot", Tokens, "[OneHot(10)] public partial OneHot Layer { get; }" },
        { "Add", "Model, Input(6)", "[Dense(6)] public partial Dense A { get; }\n    [Add(nameof(A), nameof(A)), Relu] public partial Add Layer { get; }" },
        { "ConvTranspose", "Model, Input(2, 3, 3)", "[ConvTranspose(3, 4, stride: 2, pad: 1), Relu] public partial ConvTranspose2d Layer { get; }" },
        { "Gelu", "Model, Input(5)", "[Gelu] public partial Gelu Layer { get; }" },
        { "Softmax", "Model, Input(3, 2, 2)", "[Softmax] public partial Softmax Layer { get; }" },
        { "Concat", "Model, Input(2, 4, 4)", "[Conv(3, 1)] public partial Conv2d A { get; }\n    [Concat(nameof(A), Graph.Input)] public partial Concat Layer { get; }" },
        { "LayerNorm", "Model, Input(2, 3, 4)", "[LayerNorm(eps: 1e-3)] public partial LayerNorm Layer { get; }" },
        { "LayerNormSequence", Sequence, "[LayerNorm] public partial LayerNorm Layer { get; }" },
        { "AdaptiveAvgPool", "Model, Input(2, 7, 5)", "[AdaptiveAvgPool(3, 2), Relu] public partial Pool2d Layer { get; }" },
        { "ToSequenceWidth", "Model, Input(2, 3, 4)", "[ToSequence(SequenceAxis.Width)] public partial ToSequence Layer { get; }" },
        { "ToSequencePixels", "Model, Input(2, 3, 4)", "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence Layer { get; }" },
        { "MultiHeadAttention", "Model, Input(Dims.Sequence, 4)", "[MultiHeadAttention(2)] public partial MultiHeadAttention Layer { get; }" },
        { "PositionalEncoding", Sequence, "[PositionalEncoding] public partial PositionalEncoding Layer { get; }" },
        { "PositionEmbedding", Sequence, "[PositionEmbedding(8)] public partial PositionEmbedding Layer { get; }" },
        { "MeanOverSteps", Sequence, "[MeanOverSteps] public partial MeanOverSteps Layer { get; }" },
        { "TakeStep", Sequence, "[TakeStep(0)] public partial TakeStep Layer { get; }" },
        {
            "AttentionGru", "Model, Input(Dims.Sequence, 3), SecondInput(\"target\", Dims.Sequence, 2)",
            "[Gru(4)] public partial Gru Encoder { get; }\n    [From(\"target\"), AttentionGru(4, MemoryFrom = nameof(Encoder), AttentionHidden = 3, StateFromMemory = true)] public partial AttentionGru Layer { get; }"
        },
        { "PatchEmbedding", "Model, Input(2, 4, 6)", "[PatchEmbedding(3, 2)] public partial PatchEmbedding Layer { get; }" },
        { "ClassToken", "Model, Input(2, 4, 6)", "[PatchEmbedding(3, 2)] public partial PatchEmbedding A { get; }\n    [ClassToken] public partial ClassToken Layer { get; }" },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_emits_the_approved_forward_and_backward(string name, string classAttributes, string layer)
    {
        var result = GeneratorHarness.Run(ModelSource.Net(classAttributes, layer));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));

        var bodies = string.Join("\n", new[] { "ForwardCpu", "BackwardCpu", "ForwardGpu", "BackwardGpu" }.Select(m => Method(result.SingleSource, m)));
        Approvals.Verify(new ApprovalTextWriter(bodies, "cs"), new SnapshotNamer(Path.Combine("Layers", name)), new QuietReporter());
    }

    /// <summary>The generated private method <paramref name="name"/>, from its signature to its closing brace.</summary>
    private static string Method(string source, string name)
    {
        var lines = source.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith($"private void {name}(", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no method {name} in the generated source");
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var end = Array.FindIndex(lines, start + 1, l => l.TrimEnd() == new string(' ', indent) + "}");
        return string.Join("\n", lines[start..(end + 1)].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())) + "\n";
    }
}

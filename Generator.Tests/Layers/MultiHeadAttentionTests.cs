using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// MultiHeadAttention: [T, d] → [T, d] on a sequence of dynamic or fixed length, PyTorch's parameter names, the kernels
/// it calls on both devices with the model's lengths; heads that do not divide d are STRATA0076 at the argument, a
/// non-sequence input STRATA0040 at the attribute, token ids STRATA0043; attention dropout passes its mask, p, the
/// model's dropout generator and the mode to both devices' kernels, and a p outside [0, 1) is STRATA0086 at the value;
/// cross-attention (KeysFrom) projects both inputs, calls the cross kernels with the keys' steps and lengths, sends a
/// gradient to both inputs, and keys that are not a feature sequence as wide as the queries are STRATA0087 at KeysFrom.
/// </summary>
public sealed class MultiHeadAttentionTests
{
    [Fact]
    public void On_a_sequence_it_keeps_the_shape_and_calls_the_attention_kernels_with_the_lengths()
    {
        var result = GeneratorHarness.Run(ModelSource.Net("Model, Input(Dims.Sequence, 8)", "[MultiHeadAttention(2)] public partial MultiHeadAttention Attention { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("AttentionCpu.Forward(batch, steps, heads: 2, width: 8, plan.Lengths, plan.AttentionQkv, plan.AttentionAttentionWeights, plan.AttentionContext);", source, StringComparison.Ordinal);
        Assert.Contains("AttentionGpu.Backward(batch, steps, heads: 2, width: 8, plan.Lengths,", source, StringComparison.Ordinal);
        Assert.Contains("\"Attention.in_proj_weight\"", source, StringComparison.Ordinal);
        Assert.Contains("\"Attention.out_proj.bias\"", source, StringComparison.Ordinal);
        Assert.Contains("global::Strata.Initializers.XavierUniform(_attentionInProjWeight.Value, random);", source, StringComparison.Ordinal);
        Assert.Contains("MultiHeadAttention 2 heads of 4", source, StringComparison.Ordinal);
    }

    [Fact]
    public void After_ToSequence_it_runs_on_the_fixed_step_count_without_lengths()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(4, 2, 3)",
            "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }",
            "[MultiHeadAttention(2)] public partial MultiHeadAttention Attention { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("AttentionCpu.Forward(batch, 6, heads: 2, width: 4, null,", result.SingleSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Model, Input(Dims.Sequence, 6)", "4", "[T, 6]", "[MultiHeadAttention(3)], or make the width a multiple of 4", 6)]
    [InlineData("Model, Input(Dims.Sequence, 10)", "4", "[T, 10]", "[MultiHeadAttention(5)], or make the width a multiple of 4", 10)]
    public void Heads_that_do_not_divide_the_width_are_STRATA0076_at_the_argument(string input, string heads, string shape, string fix, int width) =>
        DiagnosticAssert.Single(
            ModelSource.Net(input, "[MultiHeadAttention({|" + heads + "|})] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0076",
            $"MultiHeadAttention 'Attention' has {heads} heads, which do not divide the width {width} of its input {shape} from [Input]; each head reads width/heads features, so use a number of heads that divides {width}, e.g. {fix}");

    [Fact]
    public void On_an_image_it_is_STRATA0040_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(2, 3, 4)", "[{|MultiHeadAttention(2)|}] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0040",
            "MultiHeadAttention 'Attention' needs a sequence [T, features] but gets [2, 3, 4] from [Input]; make the image a sequence first, e.g. [PatchEmbedding(dim, patch)] or [ToSequence(SequenceAxis.Pixels)]");

    [Fact]
    public void On_token_ids_it_is_STRATA0043_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, Dims.Tokens, 10)", "[{|MultiHeadAttention(2)|}] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0043",
            "MultiHeadAttention 'Attention' needs feature vectors but gets [T] token ids < 10 from [Input]; put [Embedding(10, dim)] or [OneHot(10)] before it");

    [Fact]
    public void Attention_dropout_draws_its_mask_from_the_models_generator_on_both_devices()
    {
        var result = GeneratorHarness.Run(ModelSource.Net("Model, Input(Dims.Sequence, 8)", "[MultiHeadAttention(2, Dropout = 0.25)] public partial MultiHeadAttention Attention { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("AttentionCpu.Forward(batch, steps, heads: 2, width: 8, plan.Lengths, plan.AttentionQkv, plan.AttentionAttentionWeights, plan.AttentionContext, plan.AttentionMask, 0.25f, _dropoutRandom, _isTraining);", source, StringComparison.Ordinal);
        Assert.Contains("AttentionGpu.Forward(batch, steps, heads: 2, width: 8, plan.Lengths, plan.AttentionQkv, plan.AttentionAttentionWeights, plan.AttentionContext, plan.AttentionMask, 0.25f, _dropoutRandom, _isTraining);", source, StringComparison.Ordinal);
        Assert.Contains("plan.AttentionGradScores, plan.AttentionGradQkv, plan.AttentionMask);", source, StringComparison.Ordinal);
        Assert.Contains("MultiHeadAttention 2 heads of 4, dropout 0.25", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_dropout_no_mask_is_declared()
    {
        var result = GeneratorHarness.Run(ModelSource.Net("Model, Input(Dims.Sequence, 8)", "[MultiHeadAttention(2)] public partial MultiHeadAttention Attention { get; }"));

        Assert.DoesNotContain("AttentionMask", result.SingleSource, StringComparison.Ordinal);
        Assert.DoesNotContain("_dropoutRandom", result.SingleSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("double.NaN", "NaN")]
    public void Attention_dropout_outside_zero_to_one_is_STRATA0086_at_the_value(string value, string shown) =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, 8)", "[MultiHeadAttention(2, Dropout = {|" + value + "|})] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0086",
            $"MultiHeadAttention 'Attention' on [T, 8] has Dropout {shown}; it is the probability of zeroing an attention weight in training and must be at least 0 and below 1, for example [MultiHeadAttention(2, Dropout = 0.1)], or leave it out for none");

    [Fact]
    public void Cross_attention_projects_both_inputs_and_calls_the_cross_kernels()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 8)",
            "[Dense(8), Tanh] public partial Dense Memory { get; }",
            "[From(Graph.Input), Dense(8)] public partial Dense Queries { get; }",
            "[MultiHeadAttention(2, KeysFrom = nameof(Memory))] public partial MultiHeadAttention Attention { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("AttentionCpu.CrossForward(batch, queries: steps, keys: steps, heads: 2, width: 8, plan.Lengths, plan.AttentionQkv, plan.AttentionKeyQkv,", source, StringComparison.Ordinal);
        Assert.Contains("AttentionGpu.CrossBackward(batch, queries: steps, keys: steps, heads: 2, width: 8, plan.Lengths,", source, StringComparison.Ordinal);
        Assert.Contains("_attentionInProjWeight.Value, _attentionInProjBias.Value, plan.AttentionKeyQkv", source, StringComparison.Ordinal);
        Assert.Contains("plan.AttentionGradKeyQkv.Clear();", source, StringComparison.Ordinal);
        Assert.Contains("AttentionOnnx.CrossAttention(graph, \"Attention\", 8, 2, ", source, StringComparison.Ordinal);
        Assert.Contains("MultiHeadAttention 2 heads of 4, keys from Memory", source, StringComparison.Ordinal);
        Assert.DoesNotContain("STRATA0055", string.Join("\n", result.GeneratorDiagnostics.Select(d => d.Id)), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_of_another_width_are_STRATA0087_at_KeysFrom_with_both_shapes_and_the_dense_that_fixes_them() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, 8)",
                "[Dense(6)] public partial Dense Memory { get; }",
                "[From(Graph.Input), Dense(8)] public partial Dense Queries { get; }",
                "[MultiHeadAttention(2, KeysFrom = {|nameof(Memory)|})] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0087",
            "MultiHeadAttention 'Attention' reads queries [T, 8] from 'Queries' and keys and values [T, 6] from 'Memory'; the keys are 6 wide but the queries 8, and in_proj_weight [24, 8] projects both (PyTorch's kdim = embed_dim); give 'Memory' a per-step [Dense(8)] and read that, or make the queries 6 wide");

    [Fact]
    public void Keys_that_are_token_ids_are_STRATA0087() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, Dims.Tokens, 10)",
                "[Embedding(10, 4)] public partial Embedding Embed { get; }",
                "[MultiHeadAttention(2, KeysFrom = {|Graph.Input|})] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0087",
            "MultiHeadAttention 'Attention' reads queries [T, 4] from 'Embed' and keys and values [T] token ids < 10 from [Input]; the keys must be feature vectors, not token ids: read an [Embedding(vocabulary, 4)] of them instead");

    [Fact]
    public void Keys_from_an_image_are_STRATA0087() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(4, 2, 3)",
                "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }",
                "[MultiHeadAttention(2, KeysFrom = {|Graph.Input|})] public partial MultiHeadAttention Attention { get; }"),
            "STRATA0087",
            "MultiHeadAttention 'Attention' reads queries [T=6, 4] from 'Tokens' and keys and values [4, 2, 3] from [Input]; the keys must be a sequence of feature vectors: make the image a sequence first, e.g. [ToSequence(SequenceAxis.Pixels)] or [PatchEmbedding(4, patch)], and read that");

    [Fact]
    public void In_a_block_KeysFrom_names_the_blocks_input_and_a_left_out_cross_attention_passes_its_queries_on()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 8)",
            "/// <summary>Two uses.</summary>",
            "public CrossBlock[] Stack { get; } = [new(2, true), new(2, false)];") + """

            /// <summary>Cross-attention to the block's input when <paramref name="cross"/>.</summary>
            /// <param name="heads">The heads.</param>
            /// <param name="cross">Whether the attention is there.</param>
            [Block]
            public partial class CrossBlock(int heads, bool cross)
            {
                [Dense(Graph.InChannels)] public partial Dense Queries { get; }
                [When(nameof(cross)), MultiHeadAttention(nameof(heads), KeysFrom = Graph.Input)] public partial MultiHeadAttention Attn { get; }
                [Add(nameof(Queries), nameof(Attn))] public partial Add Residual { get; }
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = string.Join("\n", result.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("MultiHeadAttention 2 heads of 4, keys from input", source, StringComparison.Ordinal);
        Assert.Matches(@"Add (\S*)Stack\.0\.Queries \+ \1Stack\.0\.Attn", source);
        Assert.Matches(@"Add (\S*)Stack\.1\.Queries \+ \1Stack\.1\.Queries", source);
    }
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// LayerNorm: a positive, finite eps (STRATA0061, at the argument), feature vectors, sequence steps or images but not
/// token ids (STRATA0043), no fused activation (STRATA0019); the code it generates normalises rows of the right size
/// (the whole sample, or each step's features) with weight and bias of the normalised shape.
/// </summary>
public sealed class LayerNormTests
{
    [Theory]
    [InlineData("eps: {|0|}", "eps 0")]
    [InlineData("eps: {|-1e-5|}", "eps -1E-05")]
    [InlineData("eps: {|1e-50|}", "eps 1E-50")]
    [InlineData("eps: {|double.NaN|}", "eps NaN")]
    [InlineData("eps: {|double.PositiveInfinity|}", "eps Infinity")]
    public void An_eps_that_is_not_positive_and_finite_as_a_float_is_STRATA0061_at_the_argument(string arguments, string value) =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(6)", "[LayerNorm(" + arguments + ")] public partial LayerNorm Norm { get; }"),
            "STRATA0061",
            "LayerNorm 'Norm' has " + value + "; eps is added to the variance before its square root and must be positive and finite as a float, e.g. [LayerNorm(eps: 1e-5)]");

    [Fact]
    public void On_token_ids_it_is_STRATA0043_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, Dims.Tokens, 10)", "[{|LayerNorm|}] public partial LayerNorm Norm { get; }"),
            "STRATA0043",
            "LayerNorm 'Norm' needs feature vectors but gets [T] token ids < 10 from [Input]; put [Embedding(10, dim)] or [OneHot(10)] before it");

    [Fact]
    public void A_fused_activation_is_STRATA0019_at_the_activation() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(6)", "[Dense(4)] public partial Dense D { get; }", "[LayerNorm, {|Relu|}] public partial LayerNorm Norm { get; }"),
            "STRATA0019",
            "[Relu] on 'Norm' sits on [LayerNorm], which has no epilogue to fuse it into; move [Relu] to the layer property before 'Norm'");

    [Fact]
    public void Images_normalise_each_sample_whole_and_sequences_each_step_over_its_features()
    {
        var image = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(3, 6, 5)",
            "[Conv(4, 3)] public partial Conv2d C1 { get; }",
            "[LayerNorm] public partial LayerNorm Norm { get; }",
            "[Flatten, Dense(2)] public partial Dense Out { get; }"));
        var sequence = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 3)",
            "[Gru(5)] public partial Gru Encoder { get; }",
            "[LayerNorm(eps: 1e-6)] public partial LayerNorm Norm { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        foreach (var result in new[] { image, sequence })
        {
            Assert.Empty(result.GeneratorDiagnostics);
            Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        }

        Assert.Contains("LayerNormCpu.Forward(batch, size: 48, eps: 1E-05f, plan.C1Output, _normWeight.Value, _normBias.Value,", image.SingleSource, StringComparison.Ordinal);
        Assert.Contains("new global::Strata.Parameter(device, \"Norm.weight\", 4, 4, 3)", image.SingleSource, StringComparison.Ordinal);
        Assert.Contains("new global::Strata.Parameter(device, \"Norm.bias\", 5)", sequence.SingleSource, StringComparison.Ordinal);
        Assert.Contains("LayerNormCpu.Forward(batch * steps, size: 5, eps: 1E-06f,", sequence.SingleSource, StringComparison.Ordinal);
        Assert.Contains("OnnxAttribute.Int(\"axis\", 2)", sequence.SingleSource, StringComparison.Ordinal);
        Assert.Contains("OnnxAttribute.Int(\"axis\", 1)", image.SingleSource, StringComparison.Ordinal);
    }
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>Dropout keeps any shape and needs p in [0, 1), as PyTorch's nn.Dropout (which also takes p = 1).</summary>
public sealed class DropoutTests
{
    private const string Input = "Model, Input(1, 8, 8)";

    [Theory]
    [InlineData("{|1|}", "1")]
    [InlineData("{|1.5|}", "1.5")]
    [InlineData("{|-0.1|}", "-0.1")]
    [InlineData("{|double.NaN|}", "NaN")]
    [InlineData("p: {|0.999999999|}", "0.999999999")]
    public void A_p_outside_0_to_1_is_STRATA0025_at_the_argument(string argument, string shown) =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Flatten, Dense(120), Relu] public partial Dense F5 { get; }",
                "[Dropout(" + argument + ")] public partial Dropout D5 { get; }"),
            "STRATA0025",
            $"Dropout 'D5' on [120] has p {shown}; p is the probability of zeroing an element and must be at least 0 and below 1, for example [Dropout(0.5)]");

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("0.99")]
    public void A_p_in_range_keeps_the_shape(string p)
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Conv(2, 3)] public partial Conv2d C1 { get; }",
            "[Dropout(" + p + ")] public partial Dropout D { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("D: Dropout p=" + p + "; [2, 6, 6] → [2, 6, 6]", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_sequence_the_mask_has_a_time_dimension_and_the_model_compiles()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 3)",
            "[Lstm(4)] public partial Lstm Encoder { get; }",
            "[Dropout(0.5)] public partial Dropout Drop { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("DropMask = _buffers.Allocate(batch, steps, 4);", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void On_token_ids_it_is_STRATA0043_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, Dims.Tokens, 10)", "[{|Dropout(0.5)|}] public partial Dropout Drop { get; }"),
            "STRATA0043",
            "Dropout 'Drop' needs feature vectors but gets [T] token ids < 10 from [Input]; put [Embedding(10, dim)] or [OneHot(10)] before it");
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Parsing;

/// <summary>
/// A layer property is a partial get-only property typed after its layer, with one layer attribute (Flatten may
/// precede Dense) and at most one activation.
/// </summary>
public sealed class LayerPropertyParserTests
{
    private const string Input = "Model, Input(1, 8, 8)";

    [Fact]
    public void A_property_typed_for_another_layer_is_STRATA0014_at_its_type() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public partial {|Dense|} C1 { get; }"),
            "STRATA0014",
            "'C1' is declared with [Conv], so its type must be Strata.Conv2d, not Strata.Dense");

    [Fact]
    public void A_flatten_then_dense_property_must_be_a_Dense() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Flatten, Dense(10)] public partial {|Flatten|} F1 { get; }"),
            "STRATA0014",
            "'F1' is declared with [Dense], so its type must be Strata.Dense, not Strata.Flatten");

    [Fact]
    public void A_property_that_is_not_partial_is_STRATA0015_at_its_name() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public Conv2d {|C1|} { get; }"),
            "STRATA0015",
            "Layer property 'C1' must be a non-static partial property with only a getter, so that Strata can implement it; declare it as 'public partial Conv2d C1 { get; }'");

    [Fact]
    public void A_partial_property_with_a_setter_is_STRATA0015_at_its_name() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[MaxPool(2)] internal partial Pool2d {|S1|} { get; set; }"),
            "STRATA0015",
            "Layer property 'S1' must be a non-static partial property with only a getter, so that Strata can implement it; declare it as 'internal partial Pool2d S1 { get; }'");

    [Fact]
    public void A_static_partial_property_is_STRATA0015_and_the_fix_drops_static() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public static partial Conv2d {|C1|} { get; }"),
            "STRATA0015",
            "Layer property 'C1' must be a non-static partial property with only a getter, so that Strata can implement it; declare it as 'public partial Conv2d C1 { get; }'");

    [Fact]
    public void A_layer_implemented_by_hand_is_STRATA0015_at_the_implementation() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(4)", "[Dense(2)] public partial Dense Out { get; }", "public partial Dense {|Out|} { get => null!; }"),
            "STRATA0015",
            "Layer property 'Out' must be a non-static partial property with only a getter, so that Strata can implement it; declare it as 'public partial Dense Out { get; }'");

    [Fact]
    public void Two_layer_attributes_are_STRATA0016_at_the_second() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5), {|MaxPool(2)|}] public partial Conv2d C1 { get; }"),
            "STRATA0016",
            "'C1' has two layer attributes, [Conv] and [MaxPool]; declare each layer on its own property ([Flatten] may only precede [Dense], as in [Flatten, Dense(120)])");

    [Fact]
    public void Flatten_after_Dense_is_STRATA0016_at_the_Flatten() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Dense(10), {|Flatten|}] public partial Dense F1 { get; }"),
            "STRATA0016",
            "'F1' has two layer attributes, [Dense] and [Flatten]; declare each layer on its own property ([Flatten] may only precede [Dense], as in [Flatten, Dense(120)])");

    [Fact]
    public void Two_activations_are_STRATA0017_at_the_second() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5), Relu, {|Tanh|}] public partial Conv2d C1 { get; }"),
            "STRATA0017",
            "'C1' has two activations, [Relu] and [Tanh]; keep one of them");

    [Fact]
    public void An_activation_without_a_layer_is_STRATA0018_at_the_activation() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public partial Conv2d C1 { get; }", "[{|Relu6|}] public partial Conv2d C2 { get; }"),
            "STRATA0018",
            "[Relu6] on 'C2' has no layer to fuse into; put it on the same property as a [Conv], [Dense], [MaxPool] or [AvgPool], for example [Conv(6, 5), Relu6]");

    [Fact]
    public void An_activation_on_a_standalone_Flatten_is_STRATA0019_at_the_activation() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public partial Conv2d C1 { get; }", "[Flatten, {|Sigmoid|}] public partial Flatten F { get; }"),
            "STRATA0019",
            "[Sigmoid] on 'F' sits on [Flatten], which has no epilogue to fuse it into; move [Sigmoid] to the layer property before 'F'");

    [Fact]
    public void An_activation_on_Dropout_is_STRATA0019_at_the_activation() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public partial Conv2d C1 { get; }", "[Dropout(0.5), {|Relu|}] public partial Dropout D { get; }"),
            "STRATA0019",
            "[Relu] on 'D' sits on [Dropout], which has no epilogue to fuse it into; move [Relu] to the layer property before 'D'");

    [Theory]
    [InlineData("-0.2f", "-0.2")]
    [InlineData("float.PositiveInfinity", "Infinity")]
    [InlineData("float.NaN", "NaN")]
    public void A_LeakyRelu_slope_below_zero_or_not_finite_is_STRATA0051_at_the_slope(string written, string shown) =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, $"[Conv(6, 5), LeakyRelu({{|{written}|}})] public partial Conv2d C1 {{ get; }}"),
            "STRATA0051",
            $"[LeakyRelu] on 'C1' has negative slope {shown}; Strata takes LeakyReLU's gradient from its output, which needs a finite slope of at least 0; write [LeakyRelu] for PyTorch's default slope or give one of at least 0");

    [Fact]
    public void Dropout_with_another_layer_on_one_property_is_STRATA0016_at_the_second() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5), {|Dropout(0.5)|}] public partial Conv2d C1 { get; }"),
            "STRATA0016",
            "'C1' has two layer attributes, [Conv] and [Dropout]; declare each layer on its own property ([Flatten] may only precede [Dense], as in [Flatten, Dense(120)])");

    // RmsNorm is not a Strata layer (yet): the compiler reports CS0246 for the name, and Strata must say that the
    // property has no layer, naming the unknown attribute, rather than "[Relu] has no layer to fuse into" (STRATA0018).
    [Fact]
    public void An_unknown_attribute_with_an_activation_is_STRATA0029_at_the_unknown_attribute_not_STRATA0018()
    {
        var result = DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 5)] public partial Conv2d C1 { get; }", "[{|RmsNorm|}, Relu] public partial Conv2d B { get; }"),
            "STRATA0029",
            "'B' has no Strata layer attribute ([RmsNorm] is not a Strata attribute), so Strata cannot implement it; declare its layer as in [Conv(6, 5), Relu] public partial Conv2d B { get; }");

        Assert.Equal(["CS0246", "CS0246", "STRATA0029"], Errors(result));
    }

    // The type RmsNorm does not exist either (CS0246), so no stub can implement Bn: its CS9248 stays, on Bn itself.
    [Fact]
    public void A_model_whose_only_layer_is_unknown_is_STRATA0029_not_STRATA0021()
    {
        var source = MarkedSource.Parse(ModelSource.Net(Input, "[{|RmsNorm|}] public partial RmsNorm Bn { get; }"));
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0029", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Equal(
            "'Bn' has no Strata layer attribute ([RmsNorm] is not a Strata attribute), so Strata cannot implement it; Strata's layers are [Conv], [MaxPool], [AvgPool], [Dense], [Flatten], [Dropout], [Rnn], [Lstm], [Gru], [Embedding], [OneHot], [Add], [Concat], [Softmax], [Gelu], [ConvTranspose], [GlobalAvgPool], [BatchNorm], [LayerNorm], [AdaptiveAvgPool], [ToSequence], [MultiHeadAttention], [PositionalEncoding], [PositionEmbedding], [ClassToken], [TakeStep], [MeanOverSteps], [PatchEmbedding] and [AttentionGru]",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["CS0246", "CS0246", "CS0246", "CS9248", "STRATA0029"], Errors(result));
        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_partial_property_with_a_layer_type_and_no_attribute_is_STRATA0029_at_its_name()
    {
        var result = DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(4)", "[Dense(8), Relu] public partial Dense Hidden { get; }", "public partial Dense {|Out|} { get; }"),
            "STRATA0029",
            "'Out' has no Strata layer attribute, so Strata cannot implement it; declare its layer as in [Dense(10)] public partial Dense Out { get; }");

        Assert.Equal(["STRATA0029"], Errors(result));
    }

    [Fact]
    public void A_partial_property_with_a_layer_type_and_only_a_non_Strata_attribute_is_STRATA0029_at_its_name()
    {
        var result = DiagnosticAssert.Single(
            "using System;\n" + ModelSource.Net(Input, "[Conv(6, 5)] public partial Conv2d C1 { get; }", "[Obsolete] public partial Pool2d {|S2|} { get; }"),
            "STRATA0029",
            "'S2' has no Strata layer attribute ([Obsolete] is not a Strata layer), so Strata cannot implement it; declare its layer as in [MaxPool(2)] public partial Pool2d S2 { get; }");

        Assert.Equal(["STRATA0029"], Errors(result));
    }

    [Fact]
    public void Layer_typed_properties_that_are_not_partial_definitions_are_left_alone()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(4)",
            "[Dense(2)] public partial Dense Out { get; }",
            "/// <summary>An alias.</summary>",
            "public Dense Last => Out;",
            "/// <summary>Set by the user.</summary>",
            "public Dense? Spare { get; set; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    [Fact]
    public void Properties_without_Strata_attributes_are_left_alone()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(4)",
            "/// <summary>Not a layer.</summary>",
            "public int Epochs { get; set; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    private static List<string> Errors(GeneratorResult result) =>
        [.. result.Output.GetDiagnostics().Concat(result.GeneratorDiagnostics)
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(d => d.Id)
            .Order(StringComparer.Ordinal)];
}

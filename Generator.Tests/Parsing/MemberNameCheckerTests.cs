using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Parsing;

/// <summary>
/// A layer's name belongs to it alone, no member takes the name of a generated one, and the generated constructor is
/// not written by hand: each is a Strata diagnostic at the member's name (the compiler may add its own CS0102).
/// </summary>
public sealed class MemberNameCheckerTests
{
    private const string Input = "Model, Input(4)";

    [Fact]
    public void Two_layers_with_one_name_are_STRATA0026_at_the_second() =>
        AssertStrataDiagnostic(
            ModelSource.Net(Input, "[Dense(3), Relu] public partial Dense Hidden { get; }", "[Dense(2)] public partial Dense {|Hidden|} { get; }"),
            "STRATA0026",
            "'Hidden' is declared more than once in model 'Net'; keep one declaration and rename the other, because Strata implements each layer property and names its parameters after it ('Hidden.weight')");

    [Fact]
    public void A_field_named_like_a_layer_is_STRATA0026_at_the_field() =>
        AssertStrataDiagnostic(
            ModelSource.Net(Input, "[Dense(2)] public partial Dense Out { get; }", "private int {|Out|};"),
            "STRATA0026",
            "'Out' is declared more than once in model 'Net'; keep one declaration and rename the other, because Strata implements each layer property and names its parameters after it ('Out.weight')");

    [Fact]
    public void A_layer_in_a_second_partial_declaration_with_a_taken_name_is_STRATA0026()
    {
        var source = MarkedSource.Parse("""
            using Strata;

            namespace Tests;

            [Model, Input(4)]
            public partial class Net
            {
                [Dense(2)] public partial Dense Out { get; }
            }

            public partial class Net
            {
                public int {|Out|}() => 0;
            }
            """);
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0026", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Empty(result.ModelSources);
    }

    [Theory]
    [InlineData("[Dense(2)] public partial Dense {|Summary|} { get; }", "Summary", "the IModel property Summary")]
    [InlineData("public int {|Device|};", "Device", "the IModel property Device")]
    [InlineData("[Dense(2)] public partial Dense {|ParameterCount|} { get; }", "ParameterCount", "the constant ParameterCount")]
    [InlineData("public const string {|SummaryText|} = \"\";", "SummaryText", "the constant SummaryText")]
    [InlineData("public Tensor {|Forward|}(Tensor x) => x;", "Forward", "the IModel method Forward(Tensor)")]
    [InlineData("public void {|Train|}() { }", "Train", "the IModel method Train()")]
    [InlineData("public int {|Eval|} { get; set; }", "Eval", "the IModel method Eval()")]
    [InlineData("public void {|ExportOnnx|}(string path) { }", "ExportOnnx", "the IModel method ExportOnnx(string)")]
    [InlineData("public byte[] {|ToOnnx|}() => [];", "ToOnnx", "the method ToOnnx()")]
    [InlineData("public bool {|CarryState|} { get; set; }", "CarryState", "the sequence-model property CarryState")]
    [InlineData("private sealed class {|MemoryPlan|} { }", "MemoryPlan", "the private nested class MemoryPlan")]
    [InlineData("private object? {|_plan|};", "_plan", "the private field _plan")]
    [InlineData("private object? {|_out|};", "_out", "the private field that holds layer 'Out'")]
    [InlineData("private object? {|_outBias|};", "_outBias", "the private field that holds Out.bias")]
    public void A_member_named_like_a_generated_one_is_STRATA0027_at_its_name(string member, string name, string generated) =>
        AssertStrataDiagnostic(
            ModelSource.Net(Input, "[Dense(2)] public partial Dense Out { get; }", member),
            "STRATA0027",
            $"'{name}' in model 'Net' has the name of {generated} that Strata generates; rename '{name}'");

    // Each layer's generated fields come from its definition, so recurrent and embedding parameters are reserved too.
    [Theory]
    [InlineData("private int {|_encWeightIhL0|};", "_encWeightIhL0", "the private field that holds Enc.weight_ih_l0")]
    [InlineData("private int {|_encBiasHhL1Reverse|};", "_encBiasHhL1Reverse", "the private field that holds Enc.bias_hh_l1_reverse")]
    [InlineData("private int {|_embWeight|};", "_embWeight", "the private field that holds Emb.weight")]
    public void A_field_named_like_a_generated_recurrent_or_embedding_field_is_STRATA0027(string member, string name, string generated) =>
        AssertStrataDiagnostic(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, Dims.Tokens, 50)",
                "[Embedding(50, 8)] public partial Embedding Emb { get; }",
                "[Lstm(16, Layers = 2, Bidirectional = true)] public partial Lstm Enc { get; }",
                member),
            "STRATA0027",
            $"'{name}' in model 'Net' has the name of {generated} that Strata generates; rename '{name}'");

    [Fact]
    public void Overloads_of_generated_methods_and_fields_for_missing_parameters_are_allowed()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Dense(2, bias: false)] public partial Dense Out { get; }",
            "/// <summary>Trains for some epochs.</summary>",
            "public void Train(int epochs) => _ = epochs;",
            "private readonly int _outBias = 1;",
            "/// <summary>Uses the field.</summary>",
            "public int Bias => _outBias;"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    [Fact]
    public void The_generated_constructor_written_by_hand_is_STRATA0028_at_its_name() =>
        AssertStrataDiagnostic(
            ModelSource.Net(Input, "[Dense(2)] public partial Dense Out { get; }", "public {|Net|}(Device device, int seed) { }"),
            "STRATA0028",
            "Model 'Net' declares the constructor Net(Device, int), which Strata generates to create the parameters on a device from a seed; remove it, or give your constructor other parameters and call this(device, seed)");

    [Fact]
    public void Another_constructor_that_chains_to_the_generated_one_is_allowed()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Dense(2)] public partial Dense Out { get; }",
            "/// <summary>On the CPU.</summary>",
            "public Net(int seed) : this(Device.Cpu(), seed) { }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    /// <summary>
    /// The single Strata diagnostic, its span and full message; the compiler may report the same clash itself
    /// (CS0102, CS0111), which is why <see cref="DiagnosticAssert"/> is not used here.
    /// </summary>
    private static void AssertStrataDiagnostic(string markedSource, string id, string message)
    {
        var source = MarkedSource.Parse(markedSource);
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Empty(result.ModelSources);
    }
}

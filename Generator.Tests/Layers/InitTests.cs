using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// [Init] chooses how a layer's weights and biases start: the generated constructor calls that initialiser instead of
/// the layer's PyTorch default; a layer without such parameters, a fan-based scheme on a one-dimensional weight, a value
/// that is no InitScheme and [Init] without a layer are each STRATA0085 at the argument or attribute.
/// </summary>
public sealed class InitTests
{
    private const string Input = "Model, Input(3, 8, 8)";

    [Fact]
    public void Chosen_schemes_replace_the_layers_defaults_in_the_constructor_and_the_others_keep_theirs()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Conv(4, 3), Init(InitScheme.KaimingNormal, bias: InitScheme.Zeros)] public partial Conv2d C1 { get; }",
            "[BatchNorm, Init(InitScheme.Zeros)] public partial BatchNorm Bn { get; }",
            "[Flatten, Dense(5), Init(InitScheme.XavierUniform)] public partial Dense F { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("global::Strata.Initializers.KaimingNormal(_c1Weight.Value, random);", result.SingleSource);
        Assert.Contains("global::Strata.Initializers.Zeros(_c1Bias.Value);", result.SingleSource);
        Assert.Contains("global::Strata.Initializers.Zeros(_bnWeight.Value);", result.SingleSource);
        Assert.Contains("global::Strata.Initializers.Zeros(_bnBias.Value);", result.SingleSource);       // BatchNorm's own default
        Assert.Contains("global::Strata.Initializers.XavierUniform(_fWeight.Value, random);", result.SingleSource);
        Assert.Contains("global::Strata.Initializers.UniformFanIn(_fBias.Value, 144, random);", result.SingleSource); // bias left to the default
        Assert.Contains("global::Strata.Initializers.UniformFanIn(_outWeight.Value, 5, random);", result.SingleSource);
        Assert.Contains("Layers declared with [Init] start as it says instead.", result.SingleSource);
    }

    [Fact]
    public void A_layer_without_parameters_is_STRATA0085_at_the_scheme() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[MaxPool(2), Init({|InitScheme.XavierUniform|})] public partial Pool2d P { get; }"),
            "STRATA0085",
            "[Init] on 'P' cannot apply: MaxPool has no weights (it has no parameters); remove [Init]");

    [Fact]
    public void A_fan_based_scheme_on_a_one_dimensional_weight_is_STRATA0085_with_its_shape_and_the_fix() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[BatchNorm, Init({|InitScheme.KaimingNormal|})] public partial BatchNorm Bn { get; }"),
            "STRATA0085",
            "[Init] on 'Bn' cannot apply: InitScheme.KaimingNormal needs fans, from a weight of at least 2 dimensions, but weight is [3]; use InitScheme.Zeros or InitScheme.Ones");

    [Fact]
    public void Biases_on_a_layer_without_bias_are_STRATA0085_listing_its_parameters() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(4, 3, bias: false), Init(InitScheme.XavierNormal, bias: {|InitScheme.Zeros|})] public partial Conv2d C { get; }"),
            "STRATA0085",
            "[Init] on 'C' cannot apply: Conv has no biases; its parameters are weight");

    [Fact]
    public void A_value_that_is_no_scheme_is_STRATA0085_naming_the_schemes() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(4, 3), Init({|(InitScheme)9|})] public partial Conv2d C { get; }"),
            "STRATA0085",
            "[Init] on 'C' cannot apply: 9 is not an InitScheme; write one of InitScheme.XavierUniform, InitScheme.XavierNormal, InitScheme.KaimingUniform, InitScheme.KaimingNormal, InitScheme.Zeros, InitScheme.Ones");

    [Fact]
    public void Init_without_a_layer_is_STRATA0085_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3)] public partial Conv2d C { get; }",
                "[{|Init(InitScheme.Zeros)|}] public Conv2d Extra => C;"),
            "STRATA0085",
            "[Init] on 'Extra' cannot apply: it declares no layer; put [Init] beside a layer attribute");
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// BatchNorm: momentum in [0, 1] and a positive, finite eps (STRATA0061, at the argument), feature vectors or images
/// but not token ids (STRATA0043), and over the valid steps of sequences; and the code it generates compiles with its
/// activation fused and its buffers listed.
/// </summary>
public sealed class BatchNormTests
{
    private const string Image = "Model, Input(3, 8, 8)";

    [Theory]
    [InlineData("momentum: {|1.5|}", "momentum 1.5; momentum is how far each training batch moves the running statistics and must be in [0, 1], e.g. [BatchNorm(momentum: 0.1)]")]
    [InlineData("momentum: {|-0.1|}", "momentum -0.1; momentum is how far each training batch moves the running statistics and must be in [0, 1], e.g. [BatchNorm(momentum: 0.1)]")]
    [InlineData("momentum: {|double.NaN|}", "momentum NaN; momentum is how far each training batch moves the running statistics and must be in [0, 1], e.g. [BatchNorm(momentum: 0.1)]")]
    [InlineData("eps: {|0|}", "eps 0; eps is added to the variance before its square root and must be positive and finite as a float, e.g. [BatchNorm(eps: 1e-5)]")]
    [InlineData("eps: {|1e-50|}", "eps 1E-50; eps is added to the variance before its square root and must be positive and finite as a float, e.g. [BatchNorm(eps: 1e-5)]")]
    [InlineData("eps: {|double.PositiveInfinity|}", "eps Infinity; eps is added to the variance before its square root and must be positive and finite as a float, e.g. [BatchNorm(eps: 1e-5)]")]
    public void A_momentum_outside_0_to_1_or_an_eps_that_is_not_positive_is_STRATA0061_at_the_argument(string arguments, string message) =>
        DiagnosticAssert.Single(
            ModelSource.Net(Image, "[BatchNorm(" + arguments + ")] public partial BatchNorm Bn { get; }"),
            "STRATA0061",
            "BatchNorm 'Bn' has " + message);

    [Fact]
    public void On_token_ids_it_is_STRATA0043_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, Dims.Tokens, 10)", "[{|BatchNorm|}] public partial BatchNorm Bn { get; }"),
            "STRATA0043",
            "BatchNorm 'Bn' needs feature vectors but gets [T] token ids < 10 from [Input]; put [Embedding(10, dim)] or [OneHot(10)] before it");

    [Fact]
    public void On_sequence_steps_it_normalises_each_feature_and_passes_the_lengths_so_padding_does_not_count()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 3)",
            "[Lstm(4)] public partial Lstm Encoder { get; }",
            "[BatchNorm, Relu] public partial BatchNorm Bn { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Matches(@"Bn\s+BatchNorm 4 features, ReLU\s+\[T, 4\]", result.SingleSource);
        Assert.Contains("padded: new global::Strata.PaddedRows(steps, plan.Lengths)", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_vectors_and_channels_by_length_compile_with_their_activation_fused()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(3, 6, 6)",
            "[Conv(4, 3), Relu6] public partial Conv2d C1 { get; }",
            "[BatchNorm, Tanh] public partial BatchNorm Bn1 { get; }",
            "[Flatten, Dense(5)] public partial Dense F1 { get; }",
            "[BatchNorm(momentum: 1, eps: 0.5)] public partial BatchNorm Bn2 { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("BatchNormCpu.Forward<global::Strata.Cpu.TanhActivation>(batch, channels: 4, planeSize: 16,", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("BatchNormCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, channels: 5, planeSize: 1, momentum: 1f, eps: 0.5f,", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("new global::Strata.ModelBuffer[] { _bn1.Running.Mean, _bn1.Running.Variance, _bn1.Running.BatchesTracked, _bn2.Running.Mean,", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rank_two_input_normalises_its_first_dimension_over_the_second() =>
        Assert.Contains(
            "BatchNormCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, channels: 4, planeSize: 7,",
            GeneratorHarness.Run(ModelSource.Net("Model, Input(4, 7)", "[BatchNorm] public partial BatchNorm Bn { get; }")).SingleSource,
            StringComparison.Ordinal);
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// AdaptiveAvgPool: [C, H, W] → [C, height, width] for any positive output size (smaller, equal or larger; dividing
/// or not); a size below 1 is STRATA0007 at the argument, a non-image input STRATA0012 at the attribute.
/// </summary>
public sealed class AdaptiveAvgPoolTests
{
    [Theory]
    [InlineData("{|0|}, 2", "height 0")]
    [InlineData("3, {|-1|}", "width -1")]
    public void A_size_below_one_is_STRATA0007_at_the_argument(string arguments, string value) =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(2, 7, 5)", "[AdaptiveAvgPool(" + arguments + ")] public partial Pool2d Pool { get; }"),
            "STRATA0007",
            "AdaptiveAvgPool 'Pool' has " + value + "; " + value.Split(' ')[0] + " must be at least 1, e.g. [AdaptiveAvgPool(6, 6)] for a 6×6 output");

    [Fact]
    public void On_a_vector_it_is_STRATA0012_at_its_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(1, 8, 8)",
                "[Flatten, Dense(16)] public partial Dense F1 { get; }",
                "[{|AdaptiveAvgPool(2, 2)|}] public partial Pool2d Pool { get; }"),
            "STRATA0012",
            "AdaptiveAvgPool 'Pool' needs a [channels, height, width] input but gets [16] from 'F1'; a convolution or pooling layer cannot follow a Dense or Flatten layer, so move it before them");

    [Fact]
    public void Its_output_has_the_requested_size_whatever_the_input_and_a_dense_layer_reads_it_flattened()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(3, 13, 11)",
            "[Conv(4, 3), Relu] public partial Conv2d C1 { get; }",
            "[AdaptiveAvgPool(6, 4), Tanh] public partial Pool2d Pool { get; }",
            "[Flatten, Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains(
            "AdaptiveAvgPoolCpu.Forward(batch, channels: 4, inHeight: 11, inWidth: 9, outHeight: 6, outWidth: 4, plan.C1Output, plan.PoolOutput);",
            result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 96, outFeatures: 2,", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("AdaptiveAvgPool 11×9→6×4, Tanh", result.SingleSource, StringComparison.Ordinal);
    }
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>GlobalAvgPool: an image [C, H, W] becomes the vector [C], which a Dense reads directly; anything else is STRATA0012.</summary>
public sealed class GlobalAvgPoolTests
{
    [Fact]
    public void On_a_vector_it_is_STRATA0012_at_its_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(1, 8, 8)",
                "[Flatten, Dense(16)] public partial Dense F1 { get; }",
                "[{|GlobalAvgPool|}] public partial GlobalAvgPool Gap { get; }"),
            "STRATA0012",
            "GlobalAvgPool 'Gap' needs a [channels, height, width] input but gets [16] from 'F1'; a convolution or pooling layer cannot follow a Dense or Flatten layer, so move it before them");

    [Fact]
    public void Its_vector_output_feeds_a_dense_layer_without_flatten()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(3, 7, 5)",
            "[Conv(6, 3)] public partial Conv2d C1 { get; }",
            "[GlobalAvgPool] public partial GlobalAvgPool Gap { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("GlobalAvgPoolCpu.Forward(batch, channels: 6, planeSize: 15, plan.C1Output, plan.GapOutput);", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 6, outFeatures: 2,", result.SingleSource, StringComparison.Ordinal);
    }
}

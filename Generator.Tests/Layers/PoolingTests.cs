using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// Pooling: positive kernel, a stride left out meaning the kernel (a written 0 is an error, as in PyTorch), padding at
/// most half the kernel, a [C, H, W] input.
/// </summary>
public sealed class PoolingTests
{
    private const string Input = "Model, Input(1, 8, 8)";

    [Fact]
    public void A_zero_kernel_is_STRATA0007_at_the_kernel() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[MaxPool({|0|})] public partial Pool2d S1 { get; }"),
            "STRATA0007",
            "MaxPool 'S1' has kernel 0; kernel must be at least 1, e.g. [MaxPool(2)] for 2×2 windows");

    [Fact]
    public void A_negative_stride_is_STRATA0007_at_the_stride() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[AvgPool(2, stride: {|-2|})] public partial Pool2d S1 { get; }"),
            "STRATA0007",
            "AvgPool 'S1' has stride -2; stride must be at least 1 (leave stride out for a stride equal to the kernel)");

    // The attributes default the stride to 0 because an attribute parameter cannot be int? (CS0181); only a stride
    // that is left out means the kernel size. PyTorch's MaxPool2d(2, stride=0) raises "stride should not be zero".
    [Theory]
    [InlineData("MaxPool(2, stride: {|0|})", "MaxPool")]
    [InlineData("MaxPool(2, {|0|})", "MaxPool")]
    [InlineData("AvgPool(2, {|0|}, 0)", "AvgPool")]
    [InlineData("AvgPool(2, pad: 0, stride: {|0|})", "AvgPool")]
    public void A_written_stride_of_zero_is_STRATA0007_at_the_stride_not_the_default(string attribute, string kind) =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[" + attribute + "] public partial Pool2d S1 { get; }"),
            "STRATA0007",
            kind + " 'S1' has stride 0; stride must be at least 1 (leave stride out for a stride equal to the kernel)");

    [Theory]
    [InlineData("MaxPool(2)")]
    [InlineData("MaxPool(2, pad: 1)")]
    [InlineData("AvgPool(kernel: 2, countIncludePad: false)")]
    public void A_stride_left_out_is_the_kernel(string attribute)
    {
        var result = GeneratorHarness.Run(ModelSource.Net("Model, Input(1, 8, 8)", "[" + attribute + "] public partial Pool2d S1 { get; }", "[Flatten, Dense(2)] public partial Dense Out { get; }"));

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Single(result.ModelSources);
    }

    [Fact]
    public void A_negative_pad_is_STRATA0008_at_the_pad() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[MaxPool(2, pad: {|-1|})] public partial Pool2d S1 { get; }"),
            "STRATA0008",
            "MaxPool 'S1' has pad -1; padding must be 0 or more (0 adds no padding)");

    [Fact]
    public void A_pad_over_half_the_kernel_is_STRATA0009_at_the_pad() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[MaxPool(3, stride: 1, pad: {|2|})] public partial Pool2d S1 { get; }"),
            "STRATA0009",
            "MaxPool 'S1' has pad 2 with kernel 3; pooling padding must be at most kernel/2 = 1, as in PyTorch, because a wider pad makes windows that see only padding");

    [Fact]
    public void Pooling_after_a_dense_layer_is_STRATA0012_at_its_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Flatten, Dense(16)] public partial Dense F1 { get; }",
                "[{|AvgPool(2)|}] public partial Pool2d S2 { get; }"),
            "STRATA0012",
            "AvgPool 'S2' needs a [channels, height, width] input but gets [16] from 'F1'; a convolution or pooling layer cannot follow a Dense or Flatten layer, so move it before them");
}

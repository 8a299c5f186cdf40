using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>Conv: positive channels, kernel and stride, non-negative padding, and a [C, H, W] input.</summary>
public sealed class ConvTests
{
    private const string Input = "Model, Input(1, 8, 8)";

    [Theory]
    [InlineData("[Conv({|0|}, 5)]", "channels 0; channels must be at least 1, e.g. [Conv(6, 5)] for 6 output channels")]
    [InlineData("[Conv(6, {|-5|})]", "kernel -5; kernel must be at least 1, e.g. [Conv(6, 5)] for a 5×5 kernel")]
    [InlineData("[Conv(6, 5, stride: {|0|})]", "stride 0; stride must be at least 1")]
    [InlineData("[Conv(6, 3, KernelWidth = {|-2|})]", "KernelWidth -2; KernelWidth must be at least 1 (leave KernelWidth out for a square kernel)")]
    [InlineData("[Conv(6, 3, KernelWidth = {|0|})]", "KernelWidth 0; KernelWidth must be at least 1 (leave KernelWidth out for a square kernel)")]
    public void A_size_below_one_is_STRATA0007_at_that_argument(string attribute, string problem) =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, attribute + " public partial Conv2d C1 { get; }"),
            "STRATA0007",
            "Conv 'C1' has " + problem);

    [Fact]
    public void A_negative_pad_is_STRATA0008_at_the_pad() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Input, "[Conv(6, 3, pad: {|-1|})] public partial Conv2d C1 { get; }"),
            "STRATA0008",
            "Conv 'C1' has pad -1; padding must be 0 or more (0 adds no padding)");

    [Fact]
    public void A_conv_after_a_dense_layer_is_STRATA0012_at_its_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Flatten, Dense(10)] public partial Dense F1 { get; }",
                "[{|Conv(6, 3)|}, Relu] public partial Conv2d C2 { get; }"),
            "STRATA0012",
            "Conv 'C2' needs a [channels, height, width] input but gets [10] from 'F1'; a convolution or pooling layer cannot follow a Dense or Flatten layer, so move it before them");

    [Fact]
    public void A_conv_on_a_flat_input_is_STRATA0012_and_asks_for_a_3D_Input() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(784)", "[{|Conv(6, 5)|}] public partial Conv2d C1 { get; }"),
            "STRATA0012",
            "Conv 'C1' needs a [channels, height, width] input but gets [784] from [Input]; declare the input as [Input(channels, height, width)], e.g. [Input(1, 28, 28)]");

    [Fact]
    public void A_conv_after_a_dense_on_a_flat_input_is_STRATA0012_and_asks_for_an_image_input_not_to_move_it() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(784)",
                "[Dense(100)] public partial Dense F1 { get; }",
                "[{|Conv(6, 3)|}] public partial Conv2d C2 { get; }"),
            "STRATA0012",
            "Conv 'C2' needs a [channels, height, width] input but gets [100] from 'F1'; the model input [784] is not an image; declare the input as [Input(channels, height, width)], e.g. [Input(1, 28, 28)]");
}

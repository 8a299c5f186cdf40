using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>Conv: positive channels, kernel, stride, groups and dilation, non-negative padding, groups that divide the channels, and a [C, H, W] input.</summary>
public sealed class ConvTests
{
    private const string Input = "Model, Input(1, 8, 8)";

    [Theory]
    [InlineData("[Conv({|0|}, 5)]", "channels 0; channels must be at least 1, e.g. [Conv(6, 5)] for 6 output channels")]
    [InlineData("[Conv(6, {|-5|})]", "kernel -5; kernel must be at least 1, e.g. [Conv(6, 5)] for a 5×5 kernel")]
    [InlineData("[Conv(6, 5, stride: {|0|})]", "stride 0; stride must be at least 1")]
    [InlineData("[Conv(6, 3, KernelWidth = {|-2|})]", "KernelWidth -2; KernelWidth must be at least 1 (leave KernelWidth out for a square kernel)")]
    [InlineData("[Conv(6, 3, KernelWidth = {|0|})]", "KernelWidth 0; KernelWidth must be at least 1 (leave KernelWidth out for a square kernel)")]
    [InlineData("[Conv(6, 3, Groups = {|0|})]", "Groups 0; Groups must be at least 1 (leave Groups out for an ungrouped convolution)")]
    [InlineData("[Conv(6, 3, Dilation = {|0|})]", "Dilation 0; Dilation must be at least 1 (leave Dilation out for adjacent taps)")]
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

    [Fact]
    public void Groups_that_do_not_divide_the_input_channels_are_STRATA0060_at_groups_with_a_divisor_of_both() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(6, 8, 8)", "[Conv(12, 3, Groups = {|4|})] public partial Conv2d C1 { get; }"),
            "STRATA0060",
            "Conv 'C1' splits 6 input and 12 output channels into 4 groups; 4 does not divide the 6 input channels; use a divisor of both, such as 6");

    [Fact]
    public void Groups_that_do_not_divide_the_output_channels_are_STRATA0060_with_the_next_channel_count_that_fits() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(8, 8, 8)", "[Conv(6, 3, Groups = {|4|})] public partial Conv2d C1 { get; }"),
            "STRATA0060",
            "Conv 'C1' splits 8 input and 6 output channels into 4 groups; 4 does not divide the 6 output channels; use 8 channels or a divisor of both, such as 2");

    [Fact]
    public void A_depthwise_and_a_dilated_conv_build_with_their_shapes_weights_and_summary()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(8, 16, 16)",
            "[Conv(8, 3, pad: 1, Groups = 8), Relu6] public partial Conv2d Depthwise { get; }",
            "[Conv(4, 3, pad: 2, Dilation = 2)] public partial Conv2d Dilated { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        // Depthwise: weight [8, 1, 3, 3] = 72 + 8 bias; dilated 3×3 (span 5) with pad 2 keeps 16×16: [4, 8, 3, 3] = 288 + 4.
        Assert.Matches(@"Depthwise\s+Conv 3×3, pad 1, depthwise, ReLU6\s+\[8, 16, 16\]\s+80\b", result.SingleSource);
        Assert.Matches(@"Dilated\s+Conv 3×3, pad 2, dilation 2\s+\[4, 16, 16\]\s+292\b", result.SingleSource);
    }
}

using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// ConvTranspose: PyTorch's output size, parameters [in, out / groups, k, k] and [out], and the mistakes: an output
/// padding not below the stride, an output that collapses, and groups that do not divide the channels.
/// </summary>
public sealed class ConvTransposeTests
{
    [Fact]
    public void An_fcn_upsampling_doubles_the_planes_with_pytorchs_parameter_count()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(8, 7, 7)",
            "[ConvTranspose(4, 4, stride: 2, pad: 1)] public partial ConvTranspose2d Up { get; }",
            "[ConvTranspose(2, 3, stride: 2, pad: 1, outputPadding: 1, Groups = 2), Relu] public partial ConvTranspose2d Up2 { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        // (7 − 1)·2 − 2 + 4 = 14; weight [8, 4, 4, 4] = 512 + 4 bias. (14 − 1)·2 − 2 + 3 + 1 = 28; weight [4, 1, 3, 3] = 36 + 2.
        Assert.Matches(@"Up\s+ConvTranspose 4×4, stride 2, pad 1\s+\[4, 14, 14\]\s+516\b", result.SingleSource);
        Assert.Matches(@"Up2\s+ConvTranspose 3×3, stride 2, pad 1, output padding 1, groups 2, ReLU\s+\[2, 28, 28\]\s+38\b", result.SingleSource);
    }

    [Fact]
    public void An_output_padding_not_below_the_stride_is_STRATA0063_at_it() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(2, 4, 4)", "[ConvTranspose(2, 3, stride: 2, outputPadding: {|2|})] public partial ConvTranspose2d Up { get; }"),
            "STRATA0063",
            "ConvTranspose 'Up' has output padding 2, which must be less than its stride 2, as PyTorch requires: each extra row comes from one of the stride's phases; use an output padding from 0 to 1");

    [Fact]
    public void An_output_that_collapses_is_STRATA0064_at_the_pad_with_the_formula() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(2, 1, 1)", "[ConvTranspose(2, 2, pad: {|1|})] public partial ConvTranspose2d Up { get; }"),
            "STRATA0064",
            "ConvTranspose 'Up' on [2, 1, 1] would have height (1 − 1)·1 − 2·1 + 2 + 0 = 0; use less padding");

    [Fact]
    public void Groups_that_do_not_divide_are_STRATA0060_naming_the_transposed_convolution() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(6, 4, 4)", "[ConvTranspose(4, 3, Groups = {|4|})] public partial ConvTranspose2d Up { get; }"),
            "STRATA0060",
            "ConvTranspose 'Up' splits 6 input and 4 output channels into 4 groups; 4 does not divide the 6 input channels; use a divisor of both, such as 2");
}

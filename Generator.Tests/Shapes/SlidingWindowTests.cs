using Microsoft.CodeAnalysis;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Shapes;

/// <summary>
/// Output size floor((F_in − k + 2p)/s) + 1, as PyTorch: an output of zero or less is an error that shows the formula
/// with the numbers; windows that leave rows or columns unused are an Info (PyTorch floors silently, so it must not fail a build).
/// </summary>
public sealed class SlidingWindowTests
{
    [Fact]
    public void A_kernel_larger_than_the_input_is_STRATA0010_at_the_kernel_with_the_formula() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(1, 12, 12)",
                "[Conv(6, 5), Relu] public partial Conv2d C1 { get; }",
                "[MaxPool(2)] public partial Pool2d S2 { get; }",
                "[Conv(16, {|5|})] public partial Conv2d C3 { get; }"),
            "STRATA0010",
            "Conv 'C3' gets [6, 4, 4] and its output height is floor((4 − 5 + 2·0)/1) + 1 = 0; the kernel is larger than the padded input, so use a smaller kernel, more padding, or fewer pooling layers before it");

    [Fact]
    public void A_collapsing_width_points_at_KernelWidth() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 8, 3)", "[Conv(6, 2, stride: 2, KernelWidth = {|6|})] public partial Conv2d C1 { get; }"),
            "STRATA0010",
            "Conv 'C1' gets [1, 8, 3] and its output width is floor((3 − 6 + 2·0)/2) + 1 = -1; the kernel is larger than the padded input, so use a smaller kernel, more padding, or fewer pooling layers before it");

    [Fact]
    public void A_stride_that_skips_the_last_row_and_column_is_the_STRATA0011_info_and_the_model_still_builds()
    {
        var result = DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(3, 5, 5)", "[{|MaxPool(2)|}] public partial Pool2d S1 { get; }"),
            "STRATA0011",
            "MaxPool 'S1' maps [3, 5, 5] to [3, 2, 2] and ignores the last 1 row and 1 column of its padded input, because 5 − 2 + 2·0 = 3 is not a multiple of the stride 2; change the padding, kernel or stride so that the windows fit exactly",
            DiagnosticSeverity.Info);

        Assert.Single(result.Sources);
    }

    [Fact]
    public void The_info_points_at_an_explicit_stride_and_counts_rows_and_columns_apart() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(2, 10, 8)", "[Conv(4, 3, stride: {|3|})] public partial Conv2d C1 { get; }"),
            "STRATA0011",
            "Conv 'C1' maps [2, 10, 8] to [4, 3, 2] and ignores the last 1 row and 2 columns of its padded input, because 10 − 3 + 2·0 = 7 is not a multiple of the stride 3 and 8 − 3 + 2·0 = 5 is not a multiple of the stride 3; change the padding, kernel or stride so that the windows fit exactly",
            DiagnosticSeverity.Info);
}

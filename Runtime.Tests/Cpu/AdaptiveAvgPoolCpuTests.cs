using Strata.Cpu;
using Strata.Onnx;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// AdaptiveAvgPoolCpu's windows are PyTorch's (start ⌊i·In/Out⌋, end ⌈(i+1)·In/Out⌉), shown on hand-worked values, and
/// the ONNX export picks AveragePool only when the sizes divide (its averaging matrices otherwise follow the same windows).
/// </summary>
public class AdaptiveAvgPoolCpuTests
{
    [Theory]
    [InlineData(5, 2, new[] { 0, 3, 2, 5 })]          // windows [0, 3) and [2, 5) overlap in 2
    [InlineData(7, 3, new[] { 0, 3, 2, 5, 4, 7 })]
    [InlineData(6, 3, new[] { 0, 2, 2, 4, 4, 6 })]    // divides: disjoint windows of 2
    [InlineData(2, 3, new[] { 0, 1, 0, 2, 1, 2 })]    // grows: the middle output averages both inputs
    public void Windows_are_pytorchs(int inSize, int outSize, int[] startsAndEnds)
    {
        var windows = Enumerable.Range(0, outSize).SelectMany(i => new[] { AdaptiveAvgPoolCpu.Start(i, inSize, outSize), AdaptiveAvgPoolCpu.End(i, inSize, outSize) });
        Assert.Equal(startsAndEnds, windows);
    }

    [Fact]
    public void A_row_of_five_pools_to_the_means_of_its_overlapping_windows_and_backward_shares_the_gradient()
    {
        var device = Device.Cpu();
        var y = device.Allocate(1, 1, 1, 2);
        AdaptiveAvgPoolCpu.Forward(1, 1, 1, 5, 1, 2, device.FromArray([1f, 2f, 3f, 4f, 8f], 1, 1, 1, 5), y);
        Assert.Equal([2f, 5f], y.ToArray());

        var dx = device.Allocate(1, 1, 1, 5);
        dx.CopyFrom([9f, 9f, 9f, 9f, 9f]);
        AdaptiveAvgPoolCpu.Backward(1, 1, 1, 5, 1, 2, device.FromArray([3f, 6f], 1, 1, 1, 2), dx);
        Assert.Equal([1f, 1f, 3f, 2f, 2f], dx.ToArray());
    }

    [Fact]
    public void The_onnx_averaging_matrix_holds_one_over_each_window_size_on_its_window()
    {
        Assert.Equal([1 / 3f, 1 / 3f, 1 / 3f, 0f, 0f, 0f, 0f, 1 / 3f, 1 / 3f, 1 / 3f], AdaptiveAvgPoolOnnx.AveragingMatrix(5, 2));
    }

    [Theory]
    [InlineData(6, 4, 3, 2, "AveragePool", "MatMul")]
    [InlineData(7, 5, 3, 2, "MatMul", "AveragePool")]
    [InlineData(6, 5, 3, 2, "MatMul", "AveragePool")]
    public void The_export_is_an_average_pool_only_when_both_sizes_divide(int inHeight, int inWidth, int outHeight, int outWidth, string present, string absent)
    {
        var graph = new OnnxGraph("g");
        graph.AddInput("x", -1, 2, inHeight, inWidth);
        AdaptiveAvgPoolOnnx.Add(graph, "Pool", "x", "y", inHeight, inWidth, outHeight, outWidth);
        graph.AddOutput("y", -1, 2, outHeight, outWidth);
        var text = System.Text.Encoding.UTF8.GetString(graph.ToBytes());

        Assert.Contains(present, text, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, text, StringComparison.Ordinal);
    }
}

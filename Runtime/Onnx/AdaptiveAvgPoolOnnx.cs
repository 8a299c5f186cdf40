using Strata.Cpu;

namespace Strata.Onnx;

/// <summary>
/// Adaptive average pooling in ONNX opset 17, which has no such operator: AveragePool with kernel = stride = in/out on
/// each axis when both sizes divide (the windows are then disjoint and equal), otherwise two MatMuls with constant
/// averaging matrices, y = A_h · x · A_wᵀ, where row i of A holds 1/|window i| over PyTorch's window i (the mean over a
/// rectangle is the mean of the row means).
/// </summary>
public static class AdaptiveAvgPoolOnnx
{
    /// <summary>Adds the pooling of <paramref name="input"/> [N, C, inHeight, inWidth] into <paramref name="output"/> [N, C, outHeight, outWidth].</summary>
    public static void Add(OnnxGraph graph, string name, string input, string output, int inHeight, int inWidth, int outHeight, int outWidth)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (inHeight % outHeight == 0 && inWidth % outWidth == 0)
        {
            var (kh, kw) = (inHeight / outHeight, inWidth / outWidth);
            graph.AddNode(
                "AveragePool", [input], [output],
                OnnxAttribute.Ints("kernel_shape", kh, kw), OnnxAttribute.Ints("strides", kh, kw), OnnxAttribute.Ints("pads", 0, 0, 0, 0));
            return;
        }

        graph.AddInitializer(name + ".rows", [outHeight, inHeight], AveragingMatrix(inHeight, outHeight));
        graph.AddInitializer(name + ".columns", [inWidth, outWidth], Transpose(AveragingMatrix(inWidth, outWidth), outWidth, inWidth));
        graph.AddNode("MatMul", [input, name + ".columns"], [name + ".widthPooled"]);
        graph.AddNode("MatMul", [name + ".rows", name + ".widthPooled"], [output]);
    }

    /// <summary>[outSize, inSize]: row i holds 1/|window i| on PyTorch's window i and 0 elsewhere.</summary>
    public static float[] AveragingMatrix(int inSize, int outSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outSize, 1);
        var matrix = new float[outSize * inSize];
        for (var i = 0; i < outSize; i++)
        {
            var (start, end) = (AdaptiveAvgPoolCpu.Start(i, inSize, outSize), AdaptiveAvgPoolCpu.End(i, inSize, outSize));
            for (var k = start; k < end; k++)
            {
                matrix[i * inSize + k] = 1f / (end - start);
            }
        }

        return matrix;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[c * rows + r] = matrix[r * columns + c];
            }
        }

        return result;
    }
}

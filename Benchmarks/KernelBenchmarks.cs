using Strata.Cpu;
using Strata.Onnx;

namespace Strata.Benchmarks;

/// <summary>Strata's CPU GEMM (through a dense layer) and convolution against ONNX Runtime, same data, same process.</summary>
internal static class KernelBenchmarks
{
    public static IEnumerable<BenchmarkRow> Run()
    {
        yield return Dense(256, 256, 256);
        yield return Dense(64, 2048, 512);
        yield return Dense(1024, 1024, 1024);
        yield return Conv(new ConvGeometry(64, 1, 28, 28, 6, 5, 5, 1, 0, 24, 24), "conv 1→6 5×5 28² b64");
        yield return Conv(new ConvGeometry(8, 64, 56, 56, 64, 3, 3, 1, 1, 56, 56), "conv 64→64 3×3 56² b8");
    }

    private static BenchmarkRow Dense(int m, int k, int n)
    {
        var device = Device.Cpu();
        var random = new Random(1);
        var x = device.FromArray(RandomValues(m * k, random), m, k);
        var w = device.FromArray(RandomValues(n * k, random), n, k);
        var y = device.Allocate(m, n);
        var workspace = new CpuWorkspace();

        var graph = new OnnxGraph("gemm");
        graph.AddInput("x", m, k);
        graph.AddOutput("y", m, n);
        graph.AddInitializer("w", [n, k], w.Span);
        graph.AddNode("Gemm", ["x", "w"], ["y"], OnnxAttribute.Int("transB", 1));
        var ortOutput = new float[m * n];
        using var ort = new OrtSession(graph, x.ToArray(), [m, k], ortOutput, [m, n]);

        var flops = 2.0 * m * n * k;
        var strata = Stopwatches.MedianSeconds(() => DenseCpu.Forward<IdentityActivation>(m, k, n, x, w, null, y, workspace));
        var onnx = Stopwatches.MedianSeconds(ort.Run);
        return new BenchmarkRow($"GEMM {m}×{k}×{n} (x·Wᵀ)", flops, strata, onnx);
    }

    private static BenchmarkRow Conv(ConvGeometry g, string name)
    {
        var device = Device.Cpu();
        var random = new Random(2);
        var x = device.FromArray(RandomValues(g.Batch * g.InChannels * g.InHeight * g.InWidth, random), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        var w = device.FromArray(RandomValues(g.OutChannels * g.InChannels * g.KernelHeight * g.KernelWidth, random), g.OutChannels, g.InChannels, g.KernelHeight, g.KernelWidth);
        var b = device.FromArray(RandomValues(g.OutChannels, random), g.OutChannels);
        var y = device.Allocate(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        var workspace = new CpuWorkspace();

        var graph = new OnnxGraph("conv");
        graph.AddInput("x", g.Batch, g.InChannels, g.InHeight, g.InWidth);
        graph.AddOutput("y", g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        graph.AddInitializer("w", w.Shape, w.Span);
        graph.AddInitializer("b", b.Shape, b.Span);
        graph.AddNode(
            "Conv", ["x", "w", "b"], ["y"],
            OnnxAttribute.Ints("kernel_shape", g.KernelHeight, g.KernelWidth),
            OnnxAttribute.Ints("strides", g.Stride, g.Stride),
            OnnxAttribute.Ints("pads", g.Pad, g.Pad, g.Pad, g.Pad));
        var ortOutput = new float[y.Length];
        using var ort = new OrtSession(graph, x.ToArray(), [g.Batch, g.InChannels, g.InHeight, g.InWidth], ortOutput, [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]);

        var flops = 2.0 * g.Batch * g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.KernelHeight * g.KernelWidth;
        var strata = Stopwatches.MedianSeconds(() => Conv2dCpu.Forward<IdentityActivation>(g, x, w, b, y, workspace));
        var onnx = Stopwatches.MedianSeconds(ort.Run);
        return new BenchmarkRow(name, flops, strata, onnx);
    }

    private static float[] RandomValues(int count, Random random)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}

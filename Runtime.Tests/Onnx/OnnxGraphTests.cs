using Microsoft.ML.OnnxRuntime;
using Strata.Onnx;

namespace Strata.Runtime.Tests.Onnx;

public class OnnxGraphTests
{
    [Fact]
    public void A_gemm_and_relu_graph_loads_in_onnx_runtime_and_computes_what_a_plain_loop_computes()
    {
        const int batch = 3, inputs = 5, outputs = 4;
        var random = new Random(7);
        var x = Enumerable.Range(0, batch * inputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var w = Enumerable.Range(0, outputs * inputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var b = Enumerable.Range(0, outputs).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

        var graph = new OnnxGraph("dense");
        graph.AddInput("x", -1, inputs);
        graph.AddOutput("y", -1, outputs);
        graph.AddInitializer("w", [outputs, inputs], w);
        graph.AddInitializer("b", [outputs], b);
        graph.AddNode("Gemm", ["x", "w", "b"], ["z"], OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 1f));
        graph.AddNode("Relu", ["z"], ["y"]);

        using var session = new InferenceSession(graph.ToBytes());
        using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, inputs]);
        using var results = session.Run(new RunOptions(), ["x"], [input], ["y"]);
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();

        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outputs; o++)
            {
                double sum = b[o];
                for (var i = 0; i < inputs; i++)
                {
                    sum += (double)x[n * inputs + i] * w[o * inputs + i];
                }

                Assert.Equal(Math.Max(sum, 0), actual[n * outputs + o], 1e-5);
            }
        }
    }

    [Fact]
    public void Save_writes_the_same_bytes_as_ToBytes()
    {
        var graph = new OnnxGraph("identity");
        graph.AddInput("x", -1, 2);
        graph.AddOutput("y", -1, 2);
        graph.AddNode("Identity", ["x"], ["y"]);
        var path = Path.Combine(Path.GetTempPath(), $"strata-{Guid.NewGuid():N}.onnx");
        try
        {
            graph.Save(path);
            Assert.Equal(graph.ToBytes(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

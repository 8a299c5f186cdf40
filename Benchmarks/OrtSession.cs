using Microsoft.ML.OnnxRuntime;
using Strata.Onnx;

namespace Strata.Benchmarks;

/// <summary>An ONNX Runtime session over a one-graph model with preallocated input and output buffers.</summary>
internal sealed class OrtSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly RunOptions _runOptions = new();

    public OrtSession(OnnxGraph graph, float[] input, long[] inputShape, float[] output, long[] outputShape)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(graph.ToBytes(), options);
        _input = OrtValue.CreateTensorValueFromMemory(input, inputShape);
        _output = OrtValue.CreateTensorValueFromMemory(output, outputShape);
    }

    public void Run() => _session.Run(_runOptions, ["x"], [_input], ["y"], [_output]);

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}

using Microsoft.ML.OnnxRuntime;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>Runs a model's ONNX export in ONNX Runtime: the forward oracle.</summary>
internal sealed class OnnxRuntimeOracle : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _inputShape;

    private OnnxRuntimeOracle(InferenceSession session, IReadOnlyList<int> inputShape)
    {
        _session = session;
        _inputShape = [.. inputShape];
    }

    /// <summary>Exports <paramref name="model"/> to a temporary file and loads that file; the file is deleted again.</summary>
    public static OnnxRuntimeOracle Export(IModel model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"strata-{model.GetType().Name}-{Guid.NewGuid():N}.onnx");
        try
        {
            model.ExportOnnx(path);
            return new OnnxRuntimeOracle(new InferenceSession(path), model.InputShape);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The model output for a batch of inputs laid out as [batch, ..InputShape].</summary>
    public float[] Run(float[] input)
    {
        var perSample = _inputShape.Aggregate(1, (a, d) => a * d);
        long[] shape = [input.Length / perSample, .. _inputShape.Select(d => (long)d)];
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var options = new RunOptions();
        using var results = _session.Run(options, ["input"], [value], ["output"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}

using Xunit;

namespace Strata.Runtime.Tests.Training;

/// <summary>
/// A hand-written linear classifier (logits = W·x + b) in plain float64 loops, on any device (GPU tensors go through
/// host copies), so the trainer can be tested without generated models. It records how it was called.
/// </summary>
internal sealed class SoftmaxRegression : IModel
{
    private readonly int _features;
    private readonly int _classes;
    private readonly Dictionary<int, Tensor> _outputs = [];
    private float[] _lastInput = [];
    private int _lastBatch;

    public SoftmaxRegression(Device device, int features, int classes, int seed)
    {
        Device = device;
        _features = features;
        _classes = classes;
        Weight = new Parameter(device, "Out.weight", classes, features);
        Bias = new Parameter(device, "Out.bias", classes);
        var random = new Random(seed);
        Initializers.UniformFanIn(Weight.Value, features, random);
        Initializers.UniformFanIn(Bias.Value, features, random);
    }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public Device Device { get; }

    public IReadOnlyList<int> InputShape => [_features];

    public IReadOnlyList<int> OutputShape => [_classes];

    public IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    public string Summary => "SoftmaxRegression";

    public bool IsTraining { get; private set; } = true;

    /// <summary>The batch size and mode of every Forward call, in order.</summary>
    public List<(int Batch, bool Training)> ForwardCalls { get; } = [];

    public int BackwardCalls { get; private set; }

    public Tensor Predict(Tensor input) => throw new NotSupportedException("The trainer never calls Predict.");

    public void Predict(Tensor input, Tensor output) => throw new NotSupportedException("The trainer never calls Predict.");

    public void Train() => IsTraining = true;

    public void Eval() => IsTraining = false;

    public void ExportOnnx(string path)
    {
        var graph = new Strata.Onnx.OnnxGraph("SoftmaxRegression");
        graph.AddInput("input", -1, _features);
        graph.AddOutput("output", -1, _classes);
        graph.AddInitializer(Weight.Name, Weight.Shape, Weight.Value.ToArray());
        graph.AddInitializer(Bias.Name, Bias.Shape, Bias.Value.ToArray());
        graph.AddNode("Gemm", ["input", Weight.Name, Bias.Name], ["output"], Strata.Onnx.OnnxAttribute.Int("transB", 1));
        graph.Save(path);
    }

    public Tensor Forward(Tensor input)
    {
        Assert.Equal([input.Shape[0], _features], input.Shape);
        _lastBatch = input.Shape[0];
        _lastInput = input.ToArray();
        ForwardCalls.Add((_lastBatch, IsTraining));
        var w = Weight.Value.ToArray();
        var b = Bias.Value.ToArray();
        var logits = new float[_lastBatch * _classes];
        for (var n = 0; n < _lastBatch; n++)
        {
            for (var k = 0; k < _classes; k++)
            {
                double sum = b[k];
                for (var f = 0; f < _features; f++)
                {
                    sum += (double)w[k * _features + f] * _lastInput[n * _features + f];
                }

                logits[n * _classes + k] = (float)sum;
            }
        }

        if (!_outputs.TryGetValue(_lastBatch, out var output))
        {
            output = Device.Allocate(_lastBatch, _classes);
            _outputs.Add(_lastBatch, output);
        }

        output.CopyFrom(logits);
        return output;
    }

    public Tensor? Backward(Tensor gradOutput, bool inputGradient = false)
    {
        BackwardCalls++;
        var g = gradOutput.ToArray();
        var gradWeight = new double[_classes * _features];
        var gradBias = new double[_classes];
        for (var n = 0; n < _lastBatch; n++)
        {
            for (var k = 0; k < _classes; k++)
            {
                gradBias[k] += g[n * _classes + k];
                for (var f = 0; f < _features; f++)
                {
                    gradWeight[k * _features + f] += (double)g[n * _classes + k] * _lastInput[n * _features + f];
                }
            }
        }

        Weight.Grad.CopyFrom(gradWeight.Select(x => (float)x).ToArray());
        Bias.Grad.CopyFrom(gradBias.Select(x => (float)x).ToArray());
        return null;
    }
}

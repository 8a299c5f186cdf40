using Strata.Runtime.Tests.Reference;
using static Strata.Dims;

namespace Strata.Runtime.Tests.Models;

/// <summary>Self-attention alone on a sequence of dynamic length, 3 heads of 2.</summary>
[Model, Input(Sequence, 6)]
public partial class AttentionSequenceNet
{
    [MultiHeadAttention(3)] public partial MultiHeadAttention Attention { get; }
}

/// <summary>Self-attention over an image's pixels (6 steps of 4 fixed by the image), 2 heads of 2, then a per-step Dense.</summary>
[Model, Input(4, 2, 3)]
public partial class AttentionPixelsNet
{
    [ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }
    [MultiHeadAttention(2)] public partial MultiHeadAttention Attention { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>How the Transformer tests make models with random parameters (biases that start at 0 included).</summary>
internal static class TransformerModels
{
    public static IModel Create(Type type, Device device, Random random, float scale = 1f)
    {
        var model = TestModels.Create(type, device, random.Next());
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -scale, scale));
        }

        return model;
    }

    public static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }

    /// <summary>
    /// Checks the model's output and its gradients (every parameter and the input) against central finite differences of
    /// <paramref name="reference"/>, for the weighted sum Σ r·y.
    /// </summary>
    public static void AssertForwardAndBackward(
        IModel model, Device device, int[] inputShape, float[] x, Func<double[], IReadOnlyList<double[]>, double[]> reference, Random random, string what,
        Func<Tensor, Tensor>? forward = null)
    {
        var y = (forward ?? model.Forward)(device.FromArray(x, inputShape)).ToArray();
        var r = RandomData.Uniform(random, y.Length);
        var outputShape = y.Length == inputShape[0] * TestModels.Elements(model.OutputShape.Select(d => d < 0 ? inputShape[1] : d).ToArray())
            ? new[] { inputShape[0] }.Concat(model.OutputShape.Select(d => d < 0 ? inputShape[1] : d)).ToArray()
            : throw new InvalidOperationException($"{what}: unexpected output length {y.Length}");
        var inputGradient = model.Backward(device.FromArray(r, outputShape), inputGradient: true)!.ToArray();
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var (xDouble, rDouble) = (x.ToDouble(), r.ToDouble());
        Closeness.AssertClose(reference(xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, reference(xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, reference(values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }
}

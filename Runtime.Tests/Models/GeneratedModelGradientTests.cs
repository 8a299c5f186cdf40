using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Model-level gradient checks: the generated Backward, on the CPU and on the GPU kernels (run by ILGPU's CPU
/// accelerator), against central finite differences of a float64 reference read from the model's attributes, for
/// every parameter and the input. This covers each layer option, each activation fused into conv, dense and pooling,
/// and the whole TinyNet. Tolerance: |strata − fd| ≤ 1e-3 · max(|fd|, 1). The seed is fixed: with ReLU and max kinks a
/// fresh seed per run would now and then put a probe across a kink and fail for no fault of the code (the ONNX
/// Runtime oracle tests are the ones that draw fresh seeds).
/// </summary>
public class GeneratedModelGradientTests
{
    private const int Batch = 2;

    // ReLU, ReLU6 and max pooling have kinks; a step this small keeps each probe on one side of them, and float64
    // keeps the round-off (≈1e-11) far below the tolerance.
    private const double KinkSafeStep = 1e-5;

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in TestModels.Layers.Concat(TestModels.FusedActivations).Append(typeof(TinyNet)))
        {
            data.Add(model.AssemblyQualifiedName!, false);
            data.Add(model.AssemblyQualifiedName!, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(ConvAttribute), typeof(MaxPoolAttribute), typeof(AvgPoolAttribute), typeof(DenseAttribute), typeof(FlattenAttribute), typeof(AddAttribute), typeof(ConcatAttribute), typeof(SoftmaxAttribute), typeof(GeluAttribute), typeof(ConvTransposeAttribute), typeof(GlobalAvgPoolAttribute), typeof(AdaptiveAvgPoolAttribute))]
    [Covers(Check.Gradient, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute), typeof(LeakyReluAttribute))]
    public void Backward_matches_finite_differences_of_the_float64_reference(string modelName, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        const int seed = 20261127;
        var what = $"{type.Name} on {device} (seed {seed})";
        var model = TestModels.Create(type, device, seed);
        var random = new Random(seed);
        var scale = TestModels.InputScale(type);
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -scale, scale);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));

        var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();

        var reference = new AttributeReference(type, model);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var xDouble = x.ToDouble();
        var rDouble = r.ToDouble();
        Closeness.AssertClose(reference.Forward(Batch, xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, xDouble, With(parameters, index, values))),
                parameters[p], KinkSafeStep);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance,
                what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(
            values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, values, parameters)),
            xDouble, KinkSafeStep);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}

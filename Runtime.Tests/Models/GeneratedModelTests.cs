using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// The generated forward and backward code of a model that uses every layer kind, against a float64 reference of
/// the same model and central finite differences on it; and the generated GPU kernels (on ILGPU's CPU accelerator)
/// against the generated CPU code.
/// </summary>
public class GeneratedModelTests
{
    private const int Batch = 2;

    // ReLU, ReLU6 and max pooling have kinks; a step this small keeps each probe on one side of them, and float64
    // keeps the round-off (≈1e-11) far below the tolerance.
    private const double KinkSafeStep = 1e-5;

    [Fact]
    public void Forward_on_the_cpu_matches_the_float64_reference()
    {
        var model = new TinyNet(Device.Cpu(), seed: 3);
        var x = RandomData.Uniform(new Random(11), Batch * 2 * 9 * 8);

        var y = model.Forward(Device.Cpu().FromArray(x, Batch, 2, 9, 8)).ToArray();

        var expected = TinyNetReference.Forward(Batch, x.ToDouble(), ParameterValues(model));
        Closeness.AssertClose(expected, y, Closeness.ForwardTolerance, what: "TinyNet output");
    }

    [Fact]
    [Covers(Check.Gradient, typeof(ConvAttribute), typeof(MaxPoolAttribute), typeof(AvgPoolAttribute), typeof(DenseAttribute), typeof(FlattenAttribute))]
    [Covers(Check.Gradient, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute))]
    public void Backward_on_the_cpu_matches_finite_differences_for_every_parameter_and_the_input()
    {
        var model = new TinyNet(Device.Cpu(), seed: 3);
        var random = new Random(12);
        var x = RandomData.Uniform(random, Batch * 2 * 9 * 8);
        var r = RandomData.Uniform(random, Batch * 3);

        model.Forward(Device.Cpu().FromArray(x, Batch, 2, 9, 8));
        var inputGradient = model.Backward(Device.Cpu().FromArray(r, Batch, 3), inputGradient: true)!.ToArray();

        var parameters = ParameterValues(model);
        var rDouble = r.ToDouble();
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, TinyNetReference.Forward(Batch, x.ToDouble(), With(parameters, index, values))),
                parameters[p], KinkSafeStep);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: model.Parameters[p].Name + " gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(
            values => ReferenceLayers.WeightedSum(rDouble, TinyNetReference.Forward(Batch, values, parameters)),
            x.ToDouble(), KinkSafeStep);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: "input gradient");
    }

    [Fact]
    public void The_gpu_kernels_on_the_ilgpu_cpu_accelerator_agree_with_the_cpu_code()
    {
        using var gpu = Device.IlgpuCpu();
        var onCpu = new TinyNet(Device.Cpu(), seed: 5);
        var onGpu = new TinyNet(gpu, seed: 5);
        var random = new Random(13);
        var x = RandomData.Uniform(random, Batch * 2 * 9 * 8);
        var r = RandomData.Uniform(random, Batch * 3);

        var cpuOutput = onCpu.Forward(Device.Cpu().FromArray(x, Batch, 2, 9, 8)).ToArray();
        var gpuOutput = onGpu.Forward(gpu.FromArray(x, Batch, 2, 9, 8)).ToArray();
        var cpuInputGradient = onCpu.Backward(Device.Cpu().FromArray(r, Batch, 3), inputGradient: true)!.ToArray();
        var gpuInputGradient = onGpu.Backward(gpu.FromArray(r, Batch, 3), inputGradient: true)!.ToArray();

        Closeness.AssertClose(cpuOutput.ToDouble(), gpuOutput, 1e-5, what: "output");
        Closeness.AssertClose(cpuInputGradient.ToDouble(), gpuInputGradient, 1e-5, what: "input gradient");
        for (var p = 0; p < onCpu.Parameters.Count; p++)
        {
            Assert.Equal(onCpu.Parameters[p].Name, onGpu.Parameters[p].Name);
            Closeness.AssertClose(onCpu.Parameters[p].Value.ToArray().ToDouble(), onGpu.Parameters[p].Value.ToArray(), 0, what: onCpu.Parameters[p].Name);
            Closeness.AssertClose(onCpu.Parameters[p].Grad.ToArray().ToDouble(), onGpu.Parameters[p].Grad.ToArray(), 1e-5, what: onCpu.Parameters[p].Name + " gradient");
        }
    }

    [Fact]
    public void Parameters_are_named_and_shaped_as_a_pytorch_state_dict()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);

        Assert.Equal(
            ["A.weight [3, 2, 3, 2]", "A.bias [3]", "C.weight [4, 3, 2, 2]", "G.weight [5, 16]", "G.bias [5]", "Out.weight [3, 5]"],
            model.Parameters.Select(p => p.ToString()));
        Assert.Equal([2, 9, 8], model.InputShape);
        Assert.Equal([3], model.OutputShape);
        Assert.Same(model.A.Weight, model.Parameters[0]);
        Assert.Null(model.C.Bias);
    }

    [Fact]
    public void Initial_weights_follow_pytorchs_default_bound_and_depend_only_on_the_seed()
    {
        var first = new TinyNet(Device.Cpu(), seed: 9);
        var again = new TinyNet(Device.Cpu(), seed: 9);
        var other = new TinyNet(Device.Cpu(), seed: 10);

        Assert.Equal(first.G.Weight.Value.ToArray(), again.G.Weight.Value.ToArray());
        Assert.NotEqual(first.G.Weight.Value.ToArray(), other.G.Weight.Value.ToArray());
        var bound = 1 / Math.Sqrt(16);
        Assert.All(first.G.Weight.Value.ToArray(), w => Assert.InRange(Math.Abs(w), 0, bound));
        Assert.True(first.G.Weight.Value.ToArray().Max() > bound / 2, "weights should spread over the bound");
    }

    private static List<double[]> ParameterValues(IModel model) =>
        model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}

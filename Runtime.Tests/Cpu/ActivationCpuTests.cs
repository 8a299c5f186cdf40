using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>The activation structs and the in-place passes against float64 definitions and finite differences.</summary>
public class ActivationCpuTests
{
    public static readonly TheoryData<ReferenceActivation> Activations = ReferenceActivations.All;

    // 1003 values: a vector body plus a scalar tail; they cover both sides of every kink, the tanh series region
    // near zero, and the saturated tails.
    private static float[] Inputs()
    {
        var random = new Random(3);
        var wide = RandomData.Uniform(random, 900, -12f, 12f);
        var small = RandomData.Uniform(random, 103, -0.1f, 0.1f);
        return [.. wide, .. small];
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void ForwardInPlace_matches_the_definition(ReferenceActivation kind) => kind.Dispatch(new ForwardCheck());

    [Theory]
    [MemberData(nameof(Activations))]
    [Covers(Check.Gradient, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute))]
    public void BackwardInPlace_matches_finite_differences(ReferenceActivation kind) => kind.Dispatch(new BackwardCheck());

    [Fact]
    public void DerivativeFromOutput_gives_the_documented_values()
    {
        Assert.Equal(1f, IdentityActivation.DerivativeFromOutput(-3f));
        Assert.Equal(0f, ReluActivation.DerivativeFromOutput(0f));
        Assert.Equal(1f, ReluActivation.DerivativeFromOutput(0.5f));
        Assert.Equal(0.25f, SigmoidActivation.DerivativeFromOutput(0.5f));
        Assert.Equal(0.75f, TanhActivation.DerivativeFromOutput(0.5f));
        Assert.Equal(0f, Relu6Activation.DerivativeFromOutput(6f));
        Assert.Equal(1f, Relu6Activation.DerivativeFromOutput(5.5f));
        Assert.Equal(0f, Relu6Activation.DerivativeFromOutput(0f));
    }

    [Fact]
    public void Gradients_of_another_length_are_rejected()
    {
        var device = Device.Cpu();
        var error = Assert.Throws<ArgumentException>(() =>
            ActivationCpu.BackwardInPlace<ReluActivation>(device.Allocate(2, 3), device.Allocate(5)));
        Assert.Contains("[2, 3] = 6 values", error.Message);
    }

    private sealed class ForwardCheck : IActivationTest
    {
        public void Run<TActivation>(ReferenceActivation kind)
            where TActivation : struct, IActivation
        {
            var inputs = Inputs();
            var tensor = Device.Cpu().FromArray(inputs, inputs.Length);
            ActivationCpu.ForwardInPlace<TActivation>(tensor);

            // Relative to the value itself down to 1e-30, so tanh near zero is checked relatively, not absolutely.
            var expected = inputs.Select(x => kind.Apply(x)).ToArray();
            Closeness.AssertClose(expected, tensor.Span, 1e-5, floor: 1e-30, what: $"{kind} (vector)");
            Closeness.AssertClose(expected, inputs.Select(TActivation.Apply).ToArray(), 1e-5, floor: 1e-30, what: $"{kind} (scalar)");
        }
    }

    private sealed class BackwardCheck : IActivationTest
    {
        public void Run<TActivation>(ReferenceActivation kind)
            where TActivation : struct, IActivation
        {
            // Finite differences need inputs away from kinks (0 for ReLU, 0 and 6 for ReLU6).
            var inputs = Inputs().Where(x => kind.DistanceToKink(x) > 10 * FiniteDifferences.Step).ToArray();
            var random = new Random(4);
            var weights = RandomData.Uniform(random, inputs.Length).ToDouble();
            var device = Device.Cpu();
            var y = device.FromArray(inputs, inputs.Length);
            ActivationCpu.ForwardInPlace<TActivation>(y);
            var dy = device.FromArray(weights.Select(w => (float)w).ToArray(), inputs.Length);

            ActivationCpu.BackwardInPlace<TActivation>(y, dy);

            var expected = FiniteDifferences.Gradient(
                x => ReferenceLayers.WeightedSum(weights, ReferenceLayers.Activate(kind, x)), inputs.ToDouble());
            Closeness.AssertClose(expected, dy.Span, Closeness.GradientTolerance, what: $"{kind}'");
        }
    }
}

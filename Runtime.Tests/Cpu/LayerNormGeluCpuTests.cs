using Xunit;
using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// The vectorised <see cref="LayerNormCpu"/> and <see cref="GeluCpu"/> kernels alone, on sizes that exercise full
/// vectors, ragged tails and the per-vector parameter-gradient items (37, 256 and 300 features): forward against the
/// float64 definitions, backward against central finite differences of them.
/// </summary>
public class LayerNormGeluCpuTests
{
    [Theory]
    [InlineData(5, 37)]
    [InlineData(4, 256)]
    [InlineData(3, 300)]
    public void LayerNorm_matches_the_float64_reference_and_finite_differences(int rows, int size)
    {
        var random = new Random(size);
        var cpu = Device.Cpu();
        var xs = RandomData.Uniform(random, rows * size, -2, 3);
        var gamma = RandomData.Uniform(random, size, 0.5f, 1.5f);
        var beta = RandomData.Uniform(random, size);
        var upstream = RandomData.Uniform(random, rows * size).ToDouble();
        var (x, weight, bias) = (cpu.FromArray(xs, [rows, size]), cpu.FromArray(gamma, [size]), cpu.FromArray(beta, [size]));
        var (mean, invStd, y) = (cpu.Allocate(rows), cpu.Allocate(rows), cpu.Allocate(rows, size));
        LayerNormCpu.Forward(rows, size, 1e-5f, x, weight, bias, mean, invStd, y);
        Closeness.AssertClose(ReferenceLayers.LayerNorm(rows, size, xs.ToDouble(), gamma.ToDouble(), beta.ToDouble(), 1e-5), y.ToArray(),
            Closeness.ForwardTolerance, what: "y");

        var dy = cpu.FromArray(upstream.Select(v => (float)v).ToArray(), [rows, size]);
        var (dx, dWeight, dBias) = (cpu.Allocate(rows, size), cpu.Allocate(size), cpu.Allocate(size));
        LayerNormCpu.Backward(rows, size, x, weight, mean, invStd, dy, dx, dWeight, dBias);

        double Loss(double[] input, double[] g, double[] b) =>
            ReferenceLayers.LayerNorm(rows, size, input, g, b, 1e-5).Select((v, i) => v * upstream[i]).Sum();
        var (x0, g0, b0) = (xs.ToDouble(), gamma.ToDouble(), beta.ToDouble());
        Closeness.AssertClose(FiniteDifferences.Gradient(v => Loss(v, g0, b0), x0), dx.ToArray(), Closeness.GradientTolerance, what: "dx");
        Closeness.AssertClose(FiniteDifferences.Gradient(v => Loss(x0, v, b0), g0), dWeight.ToArray(), Closeness.GradientTolerance, what: "dγ");
        Closeness.AssertClose(FiniteDifferences.Gradient(v => Loss(x0, g0, v), b0), dBias.ToArray(), Closeness.GradientTolerance, what: "dβ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(1000)]
    public void Gelu_matches_the_float64_definition_and_finite_differences(int count)
    {
        var random = new Random(count);
        var cpu = Device.Cpu();
        var values = RandomData.Uniform(random, count, -6, 6);
        if (count >= 37)
        {
            // Both tails and zero, where erf saturates or changes sign.
            (values[0], values[1], values[2], values[3]) = (-12f, 12f, 0f, -1e-3f);
        }

        static double Gelu(double v) => v * 0.5 * (1 + AttributeReference.Erf(v / Math.Sqrt(2)));
        var x = cpu.FromArray(values, [count]);
        var y = cpu.Allocate(count);
        GeluCpu.Forward(x, y);
        Closeness.AssertClose(values.Select(v => Gelu(v)).ToArray(), y.ToArray(), Closeness.ForwardTolerance, what: "y");

        var upstream = RandomData.Uniform(random, count);
        var dx = cpu.Allocate(count);
        GeluCpu.Backward(x, cpu.FromArray(upstream, [count]), dx);
        var expected = values.Select((v, i) => upstream[i] * (Gelu(v + FiniteDifferences.Step) - Gelu(v - FiniteDifferences.Step)) / (2 * FiniteDifferences.Step));
        Closeness.AssertClose(expected.ToArray(), dx.ToArray(), Closeness.GradientTolerance, what: "dx");
    }
}

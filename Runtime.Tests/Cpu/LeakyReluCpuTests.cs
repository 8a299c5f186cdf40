using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>LeakyReluCpu against a float64 definition of torch.nn.LeakyReLU and central finite differences.</summary>
public class LeakyReluCpuTests
{
    // Zero (ReLU), PyTorch's default, the usual GAN slope, the identity and a slope above one.
    public static readonly TheoryData<float> Slopes = [0f, 0.01f, 0.2f, 1f, 3f];

    // Lengths below one vector, between one and two, and a long body; none a multiple of 16 (or of 8), so each ends
    // on a scalar tail.
    private static readonly int[] Lengths = [1, 7, 15, 17, 33, 1003];

    public static readonly TheoryData<float> BadSlopes = [-0.01f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];

    /// <summary>torch.nn.LeakyReLU in float64: x if x &gt; 0, else slope · x.</summary>
    private static double Leaky(double slope, double x) => x > 0 ? x : slope * x;

    private static float[] Inputs(int length, int seed)
    {
        var random = new Random(seed);
        var values = RandomData.Uniform(random, length, -12f, 12f);
        for (var i = 0; i < length; i += 5)
        {
            values[i] *= 1e-3f; // values near zero on both sides
        }

        return values;
    }

    [Theory]
    [MemberData(nameof(Slopes))]
    public void ForwardInPlace_matches_the_definition(float slope)
    {
        foreach (var length in Lengths)
        {
            var inputs = Inputs(length, seed: length);
            var y = Device.Cpu().FromArray(inputs, length);

            LeakyReluCpu.ForwardInPlace(slope, y);

            // One float product per negative value: within half an ulp of the float64 product.
            var expected = inputs.Select(x => Leaky(slope, x)).ToArray();
            Closeness.AssertClose(expected, y.Span, 1e-7, floor: 1e-30, what: $"leaky({slope}) over {length}");
        }
    }

    [Fact]
    public void ForwardInPlace_keeps_nan_infinities_and_signed_zeros_in_the_vector_body_and_the_tail()
    {
        // Positions 0..3 fall in the first vector, 16..19 in the scalar tail (length 20).
        var inputs = new float[20];
        foreach (var start in new[] { 0, 16 })
        {
            (inputs[start], inputs[start + 1], inputs[start + 2], inputs[start + 3]) = (float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f);
        }

        var y = Device.Cpu().FromArray(inputs, inputs.Length);
        LeakyReluCpu.ForwardInPlace(0.2f, y);

        foreach (var start in new[] { 0, 16 })
        {
            Assert.True(float.IsNaN(y.Span[start]), $"NaN at {start} became {y.Span[start]}");
            Assert.Equal(float.PositiveInfinity, y.Span[start + 1]);
            Assert.Equal(float.NegativeInfinity, y.Span[start + 2]);
            Assert.True(float.IsNegative(y.Span[start + 3]) && y.Span[start + 3] == 0f, $"-0 at {start + 3} became {y.Span[start + 3]}");
        }
    }

    [Theory]
    [MemberData(nameof(Slopes))]
    [Covers(Check.Gradient, typeof(LeakyReluAttribute))]
    public void BackwardInPlace_matches_finite_differences(float slope)
    {
        foreach (var length in Lengths)
        {
            // Finite differences need inputs away from the kink at 0; the length left still ends on a scalar tail
            // for most lengths, and the backward pass is fed the forward's outputs, as in a model.
            var inputs = Inputs(length, seed: 100 + length).Where(x => Math.Abs(x) > 10 * FiniteDifferences.Step).ToArray();
            var weights = RandomData.Uniform(new Random(200 + length), inputs.Length);
            var device = Device.Cpu();
            var y = device.FromArray(inputs, inputs.Length);
            LeakyReluCpu.ForwardInPlace(slope, y);
            var dy = device.FromArray(weights, inputs.Length);

            LeakyReluCpu.BackwardInPlace(slope, y, dy);

            // L = Σ g · leaky(x) in float64. It is piecewise linear, so its differences are exact up to rounding
            // (≈ 1e-9): a tolerance far below GradientTolerance, which also tells a slope of 0 from 0.001.
            var g = weights.ToDouble();
            var expected = FiniteDifferences.Gradient(
                x => x.Select((value, i) => g[i] * Leaky(slope, value)).Sum(), inputs.ToDouble());
            Closeness.AssertClose(expected, dy.Span, 1e-6, floor: 1e-2, what: $"leaky({slope})' over {inputs.Length}");
        }
    }

    [Fact]
    public void BackwardInPlace_at_an_output_of_zero_uses_the_slope_as_pytorch_does()
    {
        // PyTorch's backward is grad if x > 0 else grad · slope, so at x = 0 (y = 0 or −0) the gradient is scaled.
        var device = Device.Cpu();
        float[] outputs = [.. Enumerable.Repeat(0f, 17), -0f, 0f, 2f];
        var y = device.FromArray(outputs, outputs.Length);
        var dy = device.FromArray(Enumerable.Repeat(2f, outputs.Length).ToArray(), outputs.Length);

        LeakyReluCpu.BackwardInPlace(0.25f, y, dy);

        Assert.Equal(Enumerable.Repeat(0.5f, 19).Append(2f).ToArray(), dy.ToArray());
    }

    [Theory]
    [MemberData(nameof(BadSlopes))]
    public void A_negative_or_non_finite_slope_is_rejected_and_nothing_is_written(float slope)
    {
        var device = Device.Cpu();
        var y = device.FromArray([-1f, 2f, -3f], 3);
        var dy = device.FromArray([1f, 1f, 1f], 3);

        Assert.Equal("negativeSlope", Assert.Throws<ArgumentOutOfRangeException>(() => LeakyReluCpu.ForwardInPlace(slope, y)).ParamName);
        Assert.Equal("negativeSlope", Assert.Throws<ArgumentOutOfRangeException>(() => LeakyReluCpu.BackwardInPlace(slope, y, dy)).ParamName);

        Assert.Equal(new[] { -1f, 2f, -3f }, y.ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f }, dy.ToArray());
    }

    [Fact]
    public void Gradients_of_another_length_or_missing_tensors_are_rejected()
    {
        var device = Device.Cpu();
        var error = Assert.Throws<ArgumentException>(() => LeakyReluCpu.BackwardInPlace(0.01f, device.Allocate(2, 3), device.Allocate(5)));
        Assert.Contains("[2, 3] = 6 values", error.Message, StringComparison.Ordinal);
        Assert.Equal("dy", error.ParamName);

        Assert.Throws<ArgumentNullException>(() => LeakyReluCpu.ForwardInPlace(0.01f, (Tensor)null!));
        Assert.Throws<ArgumentNullException>(() => LeakyReluCpu.BackwardInPlace(0.01f, null!, device.Allocate(1)));
        Assert.Throws<ArgumentNullException>(() => LeakyReluCpu.BackwardInPlace(0.01f, device.Allocate(1), null!));
    }

    [Fact]
    public void An_empty_tensor_is_left_alone()
    {
        var device = Device.Cpu();
        var (y, dy) = (device.Allocate(0, 4), device.Allocate(0, 4));

        LeakyReluCpu.ForwardInPlace(0.2f, y);
        LeakyReluCpu.BackwardInPlace(0.2f, y, dy);

        Assert.Empty(dy.ToArray());
    }
}

using System.Runtime.Intrinsics;
using Strata.Cpu;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// The vector tanh (a rational approximation) against Math.Tanh in double over a sweep of the float line, and at the
/// values where such approximations go wrong: subnormal inputs, the saturated tails, infinities, NaN and −0.
/// </summary>
public class TanhActivationTests
{
    /// <summary>Relative error bound: 6 float ulps just below 1 (the approximation's measured worst case is 3e-7).</summary>
    private const double Tolerance = 6 * 5.96e-8;

    /// <summary>Every 3989th positive float up to 12 (from the subnormals on) and its negative: about 550,000 values.</summary>
    private static float[] Sweep()
    {
        var values = new List<float>();
        for (var bits = 1; BitConverter.Int32BitsToSingle(bits) <= 12f; bits += 3989)
        {
            var x = BitConverter.Int32BitsToSingle(bits);
            values.Add(x);
            values.Add(-x);
        }

        return [.. values];
    }

    [Fact]
    public void Sixteen_lanes_match_tanh_within_six_ulps_and_stay_within_one()
    {
        var inputs = Sweep();
        var outputs = new float[16];
        for (var i = 0; i + 16 <= inputs.Length; i += 16)
        {
            TanhActivation.Apply(Vector512.Create<float>(inputs.AsSpan(i, 16))).CopyTo(outputs);
            Compare(inputs.AsSpan(i, 16), outputs);
        }
    }

    [Fact]
    public void Eight_lanes_match_tanh_within_six_ulps_and_stay_within_one()
    {
        var inputs = Sweep();
        var outputs = new float[8];
        for (var i = 0; i + 8 <= inputs.Length; i += 8)
        {
            TanhActivation.Apply(Vector256.Create<float>(inputs.AsSpan(i, 8))).CopyTo(outputs);
            Compare(inputs.AsSpan(i, 8), outputs);
        }
    }

    [Fact]
    public void Special_values_give_tanh_s_own()
    {
        float[] inputs = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f, 0f, float.MaxValue, float.MinValue, float.Epsilon];
        float[] expected = [1f, -1f, float.NaN, -0f, 0f, 1f, -1f, float.Epsilon];
        var wide = new float[16];
        var narrow = new float[8];
        TanhActivation.Apply(Vector512.Create<float>([.. inputs, .. inputs])).CopyTo(wide);
        TanhActivation.Apply(Vector256.Create<float>(inputs)).CopyTo(narrow);
        for (var i = 0; i < inputs.Length; i++)
        {
            // Equal as bits: −0 must stay −0, NaN must stay NaN.
            Assert.True(expected[i].Equals(wide[i]) && expected[i].Equals(wide[i + 8]), $"tanh({inputs[i]}) = {wide[i]}, {wide[i + 8]} (16 lanes)");
            Assert.True(expected[i].Equals(narrow[i]), $"tanh({inputs[i]}) = {narrow[i]} (8 lanes)");
        }
    }

    private static void Compare(ReadOnlySpan<float> inputs, ReadOnlySpan<float> outputs)
    {
        for (var lane = 0; lane < inputs.Length; lane++)
        {
            var expected = Math.Tanh(inputs[lane]);
            var error = Math.Abs(outputs[lane] - expected) / Math.Abs(expected);
            if (error > Tolerance || Math.Abs(outputs[lane]) > 1f)
            {
                Assert.Fail($"tanh({inputs[lane]:R}) = {outputs[lane]:R}, expected {expected:R} (relative error {error:G3})");
            }
        }
    }
}

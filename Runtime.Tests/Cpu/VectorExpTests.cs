using System.Runtime.Intrinsics;
using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit.Sdk;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>The activations' inlined single-precision exp against Math.Exp in double (emulated where the vectors are not native).</summary>
public class VectorExpTests
{
    /// <summary>Relative error bound: three float ulps at 1 (Cephes documents about one).</summary>
    private const double Tolerance = 3 * 1.2e-7;

    private static float[] Inputs()
    {
        float[] special = [0f, -0f, 1e-8f, -1e-8f, 0.3465736f, -0.3465736f, 1f, -1f, 79.99f, -79.99f, 80f, -80f];
        return [.. special, .. RandomData.Uniform(new Random(7), 2000, -80f, 80f), .. RandomData.Uniform(new Random(8), 500, -1f, 1f)];
    }

    [Fact]
    public void Nan_stays_nan_in_every_lane_so_a_diverged_run_is_not_clamped_into_finite_numbers()
    {
        // The clamp to ±80 must not swallow NaN: the loss's NaN check and gradient clipping rely on seeing it.
        var wide = VectorExp.Exp(Vector512.Create(float.NaN));
        var narrow = VectorExp.Exp(Vector256.Create(float.NaN));

        for (var lane = 0; lane < Vector512<float>.Count; lane++)
        {
            Assert.True(float.IsNaN(wide[lane]), $"lane {lane} of 16 is {wide[lane]}");
        }

        for (var lane = 0; lane < Vector256<float>.Count; lane++)
        {
            Assert.True(float.IsNaN(narrow[lane]), $"lane {lane} of 8 is {narrow[lane]}");
        }
    }

    [Fact]
    public void Sixteen_lanes_match_exp_within_three_ulps()
    {
        var inputs = Inputs();
        for (var i = 0; i + 16 <= inputs.Length; i += 16)
        {
            Compare(inputs.AsSpan(i, 16), VectorExp.Exp(Vector512.Create<float>(inputs.AsSpan(i, 16))));
        }
    }

    [Fact]
    public void Eight_lanes_match_exp_within_three_ulps()
    {
        var inputs = Inputs();
        for (var i = 0; i + 8 <= inputs.Length; i += 8)
        {
            Compare(inputs.AsSpan(i, 8), VectorExp.Exp(Vector256.Create<float>(inputs.AsSpan(i, 8))));
        }
    }

    [Fact]
    public void Sixteen_lanes_give_the_bits_of_eight_lanes()
    {
        // With AVX-512 the 16-lane form scales by 2ⁿ with vscalefps; the 8-lane form builds 2ⁿ from its exponent bits.
        // Both multiply by an exact power of two, so every value, the saturated ones included, must agree bit for bit.
        float[] inputs = [-1000f, -200f, 200f, 1000f, float.NegativeInfinity, float.PositiveInfinity, -88f, 88f, .. Inputs()];
        for (var i = 0; i + 16 <= inputs.Length; i += 16)
        {
            var wide = VectorExp.Exp(Vector512.Create<float>(inputs.AsSpan(i, 16)));
            for (var half = 0; half < 2; half++)
            {
                var narrow = VectorExp.Exp(Vector256.Create<float>(inputs.AsSpan(i + (8 * half), 8)));
                for (var lane = 0; lane < 8; lane++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(narrow[lane]), BitConverter.SingleToInt32Bits(wide[(8 * half) + lane]));
                }
            }
        }
    }

    [Fact]
    public void Inputs_beyond_eighty_saturate_at_normal_floats()
    {
        var result = VectorExp.Exp(Vector256.Create(-1000f, -200f, 200f, 1000f, float.NegativeInfinity, float.PositiveInfinity, -80f, 80f));
        var expectedLow = Math.Exp(-80);
        var expectedHigh = Math.Exp(80);
        for (var lane = 0; lane < 8; lane++)
        {
            var expected = lane is 0 or 1 or 4 or 6 ? expectedLow : expectedHigh;
            Assert.True(Math.Abs(result[lane] - expected) <= Tolerance * expected, $"lane {lane}: {result[lane]} vs {expected}");
            Assert.True(float.IsNormal(result[lane]));
        }
    }

    private static void Compare(ReadOnlySpan<float> inputs, Vector512<float> actual)
    {
        var values = new float[16];
        actual.CopyTo(values);
        Compare(inputs, values);
    }

    private static void Compare(ReadOnlySpan<float> inputs, Vector256<float> actual)
    {
        var values = new float[8];
        actual.CopyTo(values);
        Compare(inputs, values);
    }

    private static void Compare(ReadOnlySpan<float> inputs, float[] values)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            var expected = Math.Exp(inputs[i]);
            if (!(Math.Abs(values[i] - expected) <= Tolerance * expected))
            {
                throw new XunitException($"exp({inputs[i]:R}): expected {expected:R}, got {values[i]:R}.");
            }
        }
    }
}

using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>Dropout against its definition: identity in evaluation, Bernoulli(1 − p) survivors scaled by 1/(1 − p) in training.</summary>
public class DropoutCpuTests
{
    [Fact]
    public void Dropout_in_evaluation_is_the_identity()
    {
        var device = Device.Cpu();
        var x = RandomData.Uniform(new Random(1), 1000);
        var y = device.Allocate(10, 100);

        DropoutCpu.Forward(device.Allocate(10, 100), device.FromArray(x, 10, 100), y, 0.5f, new Philox(2), training: false);

        Assert.Equal(x, y.ToArray());
    }

    [Fact]
    public void Dropout_in_training_zeroes_about_p_and_scales_the_survivors_by_one_over_one_minus_p()
    {
        const float p = 0.3f;
        const int count = 100_000;
        var device = Device.Cpu();
        var x = RandomData.Uniform(new Random(3), count, 0.5f, 1.5f);
        var y = device.Allocate(count);

        DropoutCpu.Forward(device.Allocate(count), device.FromArray(x, count), y, p, new Philox(4), training: true);

        var values = y.ToArray();
        var zeroed = values.Count(v => v == 0f);
        // Binomial: σ of the zeroed fraction is √(p(1 − p)/n) ≈ 0.0015; allow 5σ.
        Assert.InRange(zeroed / (double)count, p - 0.0075, p + 0.0075);
        for (var i = 0; i < count; i++)
        {
            if (values[i] != 0f)
            {
                Assert.Equal(x[i] / (1.0 - p), values[i], 1e-6 * 1.5 / (1 - p));
            }
        }
    }

    [Fact]
    public void Dropout_with_the_same_seed_draws_the_same_mask()
    {
        var first = new float[500];
        var second = new float[500];

        DropoutCpu.FillMask(first, 0.5f, new Philox(7), training: true);
        DropoutCpu.FillMask(second, 0.5f, new Philox(7), training: true);

        Assert.Equal(first, second);
        Assert.Contains(0f, first);
        Assert.Contains(2f, first);
    }

    [Fact]
    [Covers(Check.Gradient, typeof(DropoutAttribute))]
    public void Dropout_backward_uses_the_forward_mask_and_matches_finite_differences()
    {
        const float p = 0.4f;
        const int count = 64;
        var device = Device.Cpu();
        var random = new Random(5);
        var x = RandomData.Uniform(random, count);
        var r = RandomData.Uniform(random, count);
        var mask = device.Allocate(count);
        var dx = device.Allocate(count);

        DropoutCpu.Forward(mask, device.FromArray(x, count), device.Allocate(count), p, new Philox(6), training: true);
        DropoutCpu.Backward(mask, device.FromArray(r, count), dx);

        // With the mask fixed, L(x) = Σ r · x · mask in float64; its gradient is what backward must give.
        var fixedMask = mask.ToArray().ToDouble();
        var rDouble = r.ToDouble();
        var expected = FiniteDifferences.Gradient(
            values => values.Select((v, i) => rDouble[i] * v * fixedMask[i]).Sum(),
            x.ToDouble());
        Closeness.AssertClose(expected, dx.ToArray(), Closeness.GradientTolerance, what: "dropout input gradient");
        Assert.Contains(0f, mask.ToArray());
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Dropout_rejects_p_outside_0_to_1(float p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutCpu.FillMask(new float[4], p, new Philox(1), training: true));
}

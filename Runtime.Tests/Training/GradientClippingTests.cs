using Strata.Training;

namespace Strata.Runtime.Tests.Training;

/// <summary>ClipByGlobalNorm against hand-computed norms (PyTorch clip_grad_norm_: scale maxNorm / (norm + 1e-6)).</summary>
public class GradientClippingTests
{
    [Fact]
    public void Returns_the_global_norm_and_scales_every_gradient_when_it_exceeds_the_limit()
    {
        var (a, b) = Parameters(Device.Cpu());

        var norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 6.5f);

        // √(3² + 4² + 12²) = 13, so every gradient is scaled by 6.5 / (13 + 1e-6) ≈ 0.5.
        Assert.Equal(13f, norm, 5);
        var scale = 6.5 / (13 + 1e-6);
        Assert.Equal([3 * scale, 4 * scale], a.Grad.ToArray().Select(v => (double)v), new Tolerance(1e-6));
        Assert.Equal(12 * scale, b.Grad.ToArray()[0], 5);
    }

    [Fact]
    public void Leaves_gradients_below_the_limit_untouched()
    {
        var (a, b) = Parameters(Device.Cpu());

        var norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 20f);

        Assert.Equal(13f, norm, 5);
        Assert.Equal([3f, 4f], a.Grad.ToArray());
        Assert.Equal([12f], b.Grad.ToArray());
    }

    [Fact]
    public void Clips_gpu_gradients_like_cpu_ones()
    {
        var (a, b) = Parameters(Device.IlgpuCpu());

        var norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 1.3f);

        Assert.Equal(13f, norm, 5);
        Assert.Equal(12 * 1.3 / (13 + 1e-6), b.Grad.ToArray()[0], 5);
        Assert.Equal(3 * 1.3 / (13 + 1e-6), a.Grad.ToArray()[0], 5);
    }

    [Fact]
    public void Rejects_a_negative_limit() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([], -1f));

    private static (Parameter A, Parameter B) Parameters(Device device)
    {
        var a = new Parameter(device, "a", 2);
        var b = new Parameter(device, "b", 1);
        a.Grad.CopyFrom([3f, 4f]);
        b.Grad.CopyFrom([12f]);
        return (a, b);
    }
}

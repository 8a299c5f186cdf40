namespace Strata.Runtime.Tests;

/// <summary>
/// torch.nn.init's formulas, written out here: bounds and standard deviations from the docs, checked against large
/// seeded draws (mean, variance and, for uniform draws, the exact bound).
/// </summary>
public class InitializersTests
{
    private static float[] Draw(int[] shape, Action<Tensor, Random> initialize)
    {
        var tensor = Device.Cpu().Allocate(shape);
        initialize(tensor, new Random(1234));
        return tensor.ToArray();
    }

    /// <summary>U(−b, b): every value within ±(float)b, the extremes within 0.2% of it, mean 0 and variance b²/3.</summary>
    private static void AssertUniform(float[] values, double bound)
    {
        Assert.All(values, x => Assert.InRange(x, -(float)bound, (float)bound));
        Assert.True(values.Max() > 0.998 * bound && values.Min() < -0.998 * bound, $"range [{values.Min()}, {values.Max()}] for bound {bound}");
        AssertMoments(values, bound * bound / 3);
    }

    /// <summary>Mean 0 and the given variance, each within 4 standard errors of n draws.</summary>
    private static void AssertMoments(float[] values, double variance)
    {
        var n = values.Length;
        var mean = values.Average(x => (double)x);
        var sampleVariance = values.Average(x => ((double)x - mean) * ((double)x - mean));
        Assert.InRange(mean, -4 * Math.Sqrt(variance / n), 4 * Math.Sqrt(variance / n));
        Assert.InRange(sampleVariance / variance, 1 - 4 * Math.Sqrt(2.0 / n), 1 + 4 * Math.Sqrt(2.0 / n));
    }

    [Fact]
    public void Xavier_uniform_has_bound_gain_times_root_6_over_fan_in_plus_fan_out()
    {
        // A conv weight [out 64, in 32, 3, 3]: fan_in = 32·9 = 288, fan_out = 64·9 = 576.
        var values = Draw([64, 32, 3, 3], (t, r) => Initializers.XavierUniform(t, r));
        AssertUniform(values, Math.Sqrt(6.0 / (288 + 576)));

        var tanh = Draw([300, 200], (t, r) => Initializers.XavierUniform(t, r, gain: Initializers.Gain(Nonlinearity.Tanh)));
        AssertUniform(tanh, 5.0 / 3 * Math.Sqrt(6.0 / 500));
    }

    [Fact]
    public void Xavier_normal_has_std_gain_times_root_2_over_fan_in_plus_fan_out()
    {
        var values = Draw([400, 250], (t, r) => Initializers.XavierNormal(t, r, gain: 2));
        AssertMoments(values, Math.Pow(2 * Math.Sqrt(2.0 / 650), 2));
    }

    [Fact]
    public void Kaiming_uniform_defaults_are_a_0_fan_in_relu_gain_so_the_bound_is_root_6_over_fan_in()
    {
        var values = Draw([128, 16, 5, 5], (t, r) => Initializers.KaimingUniform(t, r));
        AssertUniform(values, Math.Sqrt(6.0 / 400));
    }

    [Fact]
    public void Kaiming_uniform_with_fan_out_and_a_leaky_slope_follows_the_formula()
    {
        // bound = √3 · √(2 / (1 + a²)) / √fan_out, fan_out = 256·2·2 = 1024.
        var values = Draw([256, 64, 2, 2], (t, r) => Initializers.KaimingUniform(t, r, a: 0.2, mode: FanMode.FanOut));
        AssertUniform(values, Math.Sqrt(3.0) * Math.Sqrt(2.0 / 1.04) / Math.Sqrt(1024));
    }

    [Fact]
    public void Kaiming_uniform_with_a_root_5_is_pytorchs_layer_default_bound_one_over_root_fan_in()
    {
        // nn.Linear and nn.Conv2d call kaiming_uniform_(w, a=√5): √3·√(2/6)/√fan_in = 1/√fan_in, UniformFanIn's bound.
        var kaiming = Draw([200, 300], (t, r) => Initializers.KaimingUniform(t, r, a: Math.Sqrt(5)));
        var layerDefault = Draw([200, 300], (t, r) => Initializers.UniformFanIn(t, 300, r));
        AssertUniform(kaiming, 1 / Math.Sqrt(300));
        Assert.Equal(layerDefault, kaiming, new ToleranceComparer(1e-7f));
    }

    [Fact]
    public void Kaiming_normal_has_std_gain_over_root_fan()
    {
        var relu = Draw([500, 120], (t, r) => Initializers.KaimingNormal(t, r, nonlinearity: Nonlinearity.Relu));
        AssertMoments(relu, 2.0 / 120);
        var fanOut = Draw([50, 40, 3, 3], (t, r) => Initializers.KaimingNormal(t, r, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Tanh));
        AssertMoments(fanOut, Math.Pow(5.0 / 3, 2) / 450);
    }

    [Fact]
    public void Gains_are_pytorchs_calculate_gain()
    {
        Assert.Equal(1, Initializers.Gain(Nonlinearity.Linear));
        Assert.Equal(1, Initializers.Gain(Nonlinearity.Conv));
        Assert.Equal(1, Initializers.Gain(Nonlinearity.Sigmoid));
        Assert.Equal(5.0 / 3, Initializers.Gain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Initializers.Gain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Initializers.Gain(Nonlinearity.LeakyRelu));
        Assert.Equal(Math.Sqrt(2 / 1.25), Initializers.Gain(Nonlinearity.LeakyRelu, 0.5));
        Assert.Equal(0.75, Initializers.Gain(Nonlinearity.Selu));
    }

    [Fact]
    public void Fans_are_in_and_out_times_the_receptive_field()
    {
        Assert.Equal((20, 10), Initializers.FanInAndFanOut([10, 20]));
        Assert.Equal((3 * 25, 6 * 25), Initializers.FanInAndFanOut([6, 3, 5, 5]));
        Assert.Equal((4 * 7, 8 * 7), Initializers.FanInAndFanOut([8, 4, 7]));
    }

    [Fact]
    public void Zeros_ones_and_constants_fill_every_element_on_any_device()
    {
        using var gpu = Device.IlgpuCpu();
        foreach (var device in new[] { Device.Cpu(), gpu })
        {
            var tensor = device.Allocate(3, 5);
            Initializers.Ones(tensor);
            Assert.All(tensor.ToArray(), x => Assert.Equal(1f, x));
            Initializers.Zeros(tensor);
            Assert.All(tensor.ToArray(), x => Assert.Equal(0f, x));
            Initializers.Constant(tensor, -2.5f);
            Assert.All(tensor.ToArray(), x => Assert.Equal(-2.5f, x));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_and_bad_input_is_rejected()
    {
        Assert.Equal(
            Draw([30, 20], (t, r) => Initializers.XavierNormal(t, r)), Draw([30, 20], (t, r) => Initializers.XavierNormal(t, r)));

        var vector = Device.Cpu().Allocate(10);
        Assert.Contains("at least 2 dimensions", Assert.Throws<ArgumentException>(() => Initializers.KaimingUniform(vector, new Random(1))).Message);
        Assert.Throws<ArgumentException>(() => Initializers.XavierUniform(vector, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.XavierUniform(Device.Cpu().Allocate(2, 2), new Random(1), gain: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Gain(Nonlinearity.LeakyRelu, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.UniformFanIn(vector, 0, new Random(1)));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}

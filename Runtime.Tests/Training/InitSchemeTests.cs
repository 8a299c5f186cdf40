namespace Strata.Runtime.Tests.Training;

/// <summary>A layer of each kind of [Init] scheme: Kaiming normal, Xavier uniform and normal, zeros and ones.</summary>
[Model, Input(8, 12, 12)]
public partial class InitNet
{
    [Conv(16, 3), Init(InitScheme.KaimingNormal, bias: InitScheme.Zeros)] public partial Conv2d C1 { get; }
    [BatchNorm, Init(InitScheme.Zeros)]                                    public partial BatchNorm Bn { get; }
    [Flatten, Dense(64), Init(InitScheme.XavierUniform)]                  public partial Dense F { get; }
    [Dense(10), Init(InitScheme.XavierNormal, bias: InitScheme.Ones)]     public partial Dense Out { get; }
}

/// <summary>
/// A model declared with [Init] starts its parameters by torch.nn.init's formulas (their bounds and standard deviations
/// computed here from the shapes, not read from the model), deterministically for a seed, and leaves the others at the
/// layer's default.
/// </summary>
public class InitSchemeTests
{
    [Fact]
    public void Each_scheme_draws_from_torch_nn_inits_distribution_for_the_layers_fans()
    {
        var model = new InitNet(Device.Cpu(), seed: 3);

        // kaiming_normal_(a = 0, fan_in): σ = √2 / √fan_in, fan_in = 8·3·3; 1,152 values give σ within a few per cent.
        AssertNormal(model.C1.Weight.Value.ToArray(), Math.Sqrt(2.0 / 72), "C1.weight");
        Assert.All(model.C1.Bias!.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.Bn.Weight.Value.ToArray(), v => Assert.Equal(0f, v));

        // xavier_uniform_: U(−b, b), b = √(6 / (fan_in + fan_out)), fan_in = 16·10·10, fan_out = 64.
        var bound = Math.Sqrt(6.0 / (1600 + 64));
        var f = model.F.Weight.Value.ToArray();
        Assert.All(f, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.True(f.Max(Math.Abs) > 0.999 * bound, $"the largest |w| {f.Max(Math.Abs)} should reach the bound {bound}");
        AssertNormal(f, bound / Math.Sqrt(3), "F.weight"); // a uniform's σ is b/√3
        var fBias = model.F.Bias!.Value.ToArray();
        Assert.All(fBias, v => Assert.InRange(Math.Abs(v), 0, 1 / Math.Sqrt(1600))); // the default, U(±1/√fan_in)

        // xavier_normal_: σ = √(2 / (fan_in + fan_out)), with 640 values.
        AssertNormal(model.Out.Weight.Value.ToArray(), Math.Sqrt(2.0 / (64 + 10)), "Out.weight", tolerance: 0.12);
        Assert.All(model.Out.Bias!.Value.ToArray(), v => Assert.Equal(1f, v));

        var again = new InitNet(Device.Cpu(), seed: 3);
        Assert.Equal(model.Parameters.Select(p => p.Value.ToArray()), again.Parameters.Select(p => p.Value.ToArray()));
        Assert.NotEqual(model.C1.Weight.Value.ToArray(), new InitNet(Device.Cpu(), seed: 4).C1.Weight.Value.ToArray());
    }

    /// <summary>Mean near 0 (within 4 standard errors) and standard deviation within <paramref name="tolerance"/> of <paramref name="sigma"/>.</summary>
    private static void AssertNormal(float[] values, double sigma, string what, double tolerance = 0.06)
    {
        var mean = values.Average(v => (double)v);
        var std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        Assert.True(Math.Abs(mean) < 4 * sigma / Math.Sqrt(values.Length), $"{what}: mean {mean}");
        Assert.True(Math.Abs(std / sigma - 1) < tolerance, $"{what}: σ {std}, expected {sigma}");
    }
}

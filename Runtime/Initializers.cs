namespace Strata;

/// <summary>
/// Weight initialisation with PyTorch's formulas (<c>torch.nn.init</c>): its layer defaults, Xavier/Glorot and
/// Kaiming/He in their uniform and normal forms, and constants. Fans come from the shape as in PyTorch: a weight
/// [out, in, k…] has fan_in = in·∏k and fan_out = out·∏k. Draws come from the <see cref="Random"/> given, so a seed
/// gives the same values on every device.
/// </summary>
public static class Initializers
{
    /// <summary>
    /// PyTorch's default for Conv2d and Linear weights and biases: U(−1/√fanIn, 1/√fanIn)
    /// (kaiming_uniform with a = √5 gives the same bound for weights).
    /// </summary>
    public static void UniformFanIn(Tensor tensor, int fanIn, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        Uniform(tensor, 1.0 / Math.Sqrt(fanIn), random);
    }

    /// <summary>PyTorch's default for nn.Embedding weights: N(0, 1), drawn with the Box–Muller transform.</summary>
    public static void StandardNormal(Tensor tensor, Random random) => Normal(tensor, 1, random);

    /// <summary>
    /// <c>xavier_uniform_</c> (Glorot and Bengio 2010): U(−b, b) with b = gain·√(6 / (fan_in + fan_out)). Throws
    /// <see cref="ArgumentException"/> for a tensor of fewer than 2 dimensions.
    /// </summary>
    public static void XavierUniform(Tensor tensor, Random random, double gain = 1)
    {
        var (fanIn, fanOut) = Fans(tensor);
        Uniform(tensor, CheckGain(gain) * Math.Sqrt(6.0 / (fanIn + fanOut)), random);
    }

    /// <summary>
    /// <c>xavier_normal_</c>: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)). Throws <see cref="ArgumentException"/>
    /// for a tensor of fewer than 2 dimensions.
    /// </summary>
    public static void XavierNormal(Tensor tensor, Random random, double gain = 1)
    {
        var (fanIn, fanOut) = Fans(tensor);
        Normal(tensor, CheckGain(gain) * Math.Sqrt(2.0 / (fanIn + fanOut)), random);
    }

    /// <summary>
    /// <c>kaiming_uniform_</c> (He et al. 2015): U(−b, b) with b = √3·gain/√fan, gain = <see cref="Gain"/>(nonlinearity,
    /// a), fan chosen by <paramref name="mode"/>. The defaults (a = 0, fan_in, leaky ReLU) give gain √2, ReLU's.
    /// Throws <see cref="ArgumentException"/> for a tensor of fewer than 2 dimensions.
    /// </summary>
    public static void KaimingUniform(
        Tensor tensor, Random random, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu) =>
        Uniform(tensor, Math.Sqrt(3.0) * KaimingStd(tensor, a, mode, nonlinearity), random);

    /// <summary>
    /// <c>kaiming_normal_</c>: N(0, σ²) with σ = gain/√fan, as <see cref="KaimingUniform"/> chooses gain and fan.
    /// Throws <see cref="ArgumentException"/> for a tensor of fewer than 2 dimensions.
    /// </summary>
    public static void KaimingNormal(
        Tensor tensor, Random random, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu) =>
        Normal(tensor, KaimingStd(tensor, a, mode, nonlinearity), random);

    /// <summary><c>zeros_</c>: every element 0.</summary>
    public static void Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary><c>ones_</c>: every element 1.</summary>
    public static void Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary><c>constant_</c>: every element <paramref name="value"/>.</summary>
    public static void Constant(Tensor tensor, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = new float[tensor.Length];
        Array.Fill(values, value);
        tensor.CopyFrom(values);
    }

    /// <summary>
    /// PyTorch's <c>calculate_gain</c>: 1 for linear, conv and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + a²)) for
    /// leaky ReLU with negative slope a = <paramref name="param"/> (0.01 when null), 3/4 for SELU.
    /// </summary>
    public static double Gain(Nonlinearity nonlinearity, double? param = null)
    {
        if (param is { } value && !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(param), value, "The negative slope must be a finite number.");
        }

        return nonlinearity switch
        {
            Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1,
            Nonlinearity.Tanh => 5.0 / 3,
            Nonlinearity.Relu => Math.Sqrt(2.0),
            Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
            Nonlinearity.Selu => 3.0 / 4,
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Not a known nonlinearity."),
        };
    }

    /// <summary>
    /// PyTorch's <c>_calculate_fan_in_and_fan_out</c>: for a shape [out, in, k…], fan_in = in·∏k and fan_out = out·∏k.
    /// Throws <see cref="ArgumentException"/> for fewer than 2 dimensions, where fans are not defined.
    /// </summary>
    public static (int FanIn, int FanOut) FanInAndFanOut(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count < 2)
        {
            throw new ArgumentException(
                $"Fan in and fan out need a tensor of at least 2 dimensions ([out, in, …]); got [{string.Join(", ", shape)}].",
                nameof(shape));
        }

        var receptiveField = 1;
        for (var d = 2; d < shape.Count; d++)
        {
            receptiveField *= shape[d];
        }

        return (shape[1] * receptiveField, shape[0] * receptiveField);
    }

    private static (int FanIn, int FanOut) Fans(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (fanIn, fanOut) = FanInAndFanOut(tensor.Shape);
        if (fanIn == 0 || fanOut == 0)
        {
            throw new ArgumentException($"Cannot initialise a tensor with a zero dimension, [{string.Join(", ", tensor.Shape)}].", nameof(tensor));
        }

        return (fanIn, fanOut);
    }

    private static double KaimingStd(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = Fans(tensor);
        var fan = mode switch
        {
            FanMode.FanIn => fanIn,
            FanMode.FanOut => fanOut,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Expected FanIn or FanOut."),
        };
        return Gain(nonlinearity, a) / Math.Sqrt(fan);
    }

    private static double CheckGain(double gain) =>
        double.IsFinite(gain) && gain >= 0
            ? gain
            : throw new ArgumentOutOfRangeException(nameof(gain), gain, "The gain must be a finite number ≥ 0.");

    private static void Uniform(Tensor tensor, double bound, Random random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        var values = new float[tensor.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }

        tensor.CopyFrom(values);
    }

    private static void Normal(Tensor tensor, double standardDeviation, Random random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        var values = new float[tensor.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var u = 1.0 - random.NextDouble();
            values[i] = (float)(standardDeviation * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        tensor.CopyFrom(values);
    }
}

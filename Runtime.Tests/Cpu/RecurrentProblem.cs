using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>Seeded random weights, inputs and states for one direction of one recurrent layer (PyTorch layout).</summary>
internal sealed record RecurrentProblem(
    RecurrentKind Kind, int Seed, RecurrentGeometry Geometry,
    float[] X, float[] Wih, float[] Whh, float[] Bih, float[] Bhh, float[]? H0, float[]? C0, int[]? Lengths, bool Reverse)
{
    public static RecurrentProblem Create(
        RecurrentKind kind, int seed, int batch, int steps, int inputSize, int hidden,
        bool initialState = false, int[]? lengths = null, bool reverse = false)
    {
        var random = new Random(seed);
        var rows = kind.Gates() * hidden;

        // PyTorch's default init range, U(−1/√H, 1/√H), widened so the gates leave their linear range.
        var scale = 2f / MathF.Sqrt(hidden);
        var hasCell = kind == RecurrentKind.Lstm;
        return new RecurrentProblem(
            kind, seed, new RecurrentGeometry(batch, steps, inputSize, hidden),
            RandomData.Uniform(random, batch * steps * inputSize),
            RandomData.Uniform(random, rows * inputSize, -scale, scale),
            RandomData.Uniform(random, rows * hidden, -scale, scale),
            RandomData.Uniform(random, rows, -scale, scale),
            RandomData.Uniform(random, rows, -scale, scale),
            initialState ? RandomData.Uniform(random, batch * hidden) : null,
            initialState && hasCell ? RandomData.Uniform(random, batch * hidden) : null,
            lengths, reverse);
    }

    public int Hidden => Geometry.Hidden;

    public RecurrentOptions Options(int outputWidth = 0, int outputOffset = 0) =>
        new() { Reverse = Reverse, Lengths = Lengths, OutputWidth = outputWidth, OutputOffset = outputOffset };

    public RecurrentWeights Weights(Device device)
    {
        var (rows, g) = (Kind.Gates() * Hidden, Geometry);
        return new RecurrentWeights(
            device.FromArray(Wih, rows, g.InputSize), device.FromArray(Whh, rows, g.Hidden),
            device.FromArray(Bih, rows), device.FromArray(Bhh, rows));
    }

    /// <summary>The float64 reference with any of the arrays replaced (for finite differences).</summary>
    public (double[] Y, double[] HN, double[] CN) Reference(
        double[]? x = null, double[]? wih = null, double[]? whh = null, double[]? bih = null, double[]? bhh = null,
        double[]? h0 = null, double[]? c0 = null)
    {
        var g = Geometry;
        return ReferenceRecurrent.Forward(
            Kind, g.Batch, g.Steps, g.InputSize, g.Hidden,
            x ?? X.ToDouble(), wih ?? Wih.ToDouble(), whh ?? Whh.ToDouble(), bih ?? Bih.ToDouble(), bhh ?? Bhh.ToDouble(),
            h0 ?? H0?.ToDouble(), c0 ?? C0?.ToDouble(), Lengths, Reverse);
    }

    public override string ToString() =>
        $"{Kind} seed {Seed} {Geometry} h0 {H0 is not null} lengths [{string.Join(", ", Lengths ?? [])}] reverse {Reverse}";
}

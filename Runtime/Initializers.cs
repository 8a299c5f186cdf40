namespace Strata;

/// <summary>Weight initialisation with PyTorch's defaults.</summary>
public static class Initializers
{
    /// <summary>
    /// PyTorch's default for Conv2d and Linear weights and biases: U(−1/√fanIn, 1/√fanIn)
    /// (kaiming_uniform with a = √5 gives the same bound for weights).
    /// </summary>
    public static void UniformFanIn(Tensor tensor, int fanIn, Random random)
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        var values = new float[tensor.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }

        tensor.CopyFrom(values);
    }

    /// <summary>PyTorch's default for nn.Embedding weights: N(0, 1), drawn with the Box–Muller transform.</summary>
    public static void StandardNormal(Tensor tensor, Random random)
    {
        var values = new float[tensor.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var u = 1.0 - random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        tensor.CopyFrom(values);
    }
}

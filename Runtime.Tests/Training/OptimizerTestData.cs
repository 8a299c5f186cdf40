namespace Strata.Runtime.Tests.Training;

/// <summary>
/// Parameters for optimiser tests: 37 elements (not a multiple of any SIMD width, so the scalar tail runs too) and a
/// small second tensor, with a deterministic gradient per step.
/// </summary>
internal static class OptimizerTestData
{
    public static readonly int[][] Shapes = [[37], [2, 3]];

    public static Parameter[] Parameters(Device device)
    {
        var random = new Random(11);
        return Shapes.Select((shape, index) =>
        {
            var parameter = new Parameter(device, $"p{index}", shape);
            parameter.Value.CopyFrom(Values(random, parameter.Value.Length));
            return parameter;
        }).ToArray();
    }

    /// <summary>Writes step <paramref name="step"/>'s gradients (the same for every device).</summary>
    public static void SetGradients(Parameter[] parameters, int step)
    {
        var random = new Random(100 + step);
        foreach (var parameter in parameters)
        {
            parameter.Grad.CopyFrom(Values(random, parameter.Grad.Length));
        }
    }

    private static float[] Values(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}

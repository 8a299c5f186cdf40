namespace Strata.Runtime.Tests.Reference;

/// <summary>Central finite differences in double: the gradient oracle for every backward pass.</summary>
internal static class FiniteDifferences
{
    /// <summary>The step used throughout; with float64 references the truncation error is O(step²) ≈ 1e-6.</summary>
    public const double Step = 1e-3;

    /// <summary>∂loss/∂point[i] ≈ (loss(point + h·eᵢ) − loss(point − h·eᵢ)) / 2h for every i.</summary>
    public static double[] Gradient(Func<double[], double> loss, double[] point, double step = Step)
    {
        var probe = (double[])point.Clone();
        var gradient = new double[point.Length];
        for (var i = 0; i < point.Length; i++)
        {
            probe[i] = point[i] + step;
            var above = loss(probe);
            probe[i] = point[i] - step;
            var below = loss(probe);
            probe[i] = point[i];
            gradient[i] = (above - below) / (2 * step);
        }

        return gradient;
    }

    /// <summary>∂loss/∂point[i] by central differences at the given entries only (for problems too large to probe whole).</summary>
    public static double[] Gradient(Func<double[], double> loss, double[] point, IReadOnlyList<int> entries, double step = Step)
    {
        var probe = (double[])point.Clone();
        var gradient = new double[entries.Count];
        for (var e = 0; e < entries.Count; e++)
        {
            var i = entries[e];
            probe[i] = point[i] + step;
            var above = loss(probe);
            probe[i] = point[i] - step;
            var below = loss(probe);
            probe[i] = point[i];
            gradient[e] = (above - below) / (2 * step);
        }

        return gradient;
    }
}

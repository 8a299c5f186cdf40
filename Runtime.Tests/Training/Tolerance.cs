namespace Strata.Runtime.Tests.Training;

/// <summary>Equality within an absolute tolerance, for comparing sequences of numbers with <c>Assert.Equal</c>.</summary>
internal sealed class Tolerance(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(double obj) => 0;
}

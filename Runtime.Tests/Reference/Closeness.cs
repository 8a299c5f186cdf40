using Xunit;
using Xunit.Sdk;

namespace Strata.Runtime.Tests.Reference;

/// <summary>Element-wise comparison against a float64 oracle with an explicit tolerance.</summary>
internal static class Closeness
{
    /// <summary>Forward outputs: |actual − expected| ≤ 1e-4 · max(|expected|, 1).</summary>
    public const double ForwardTolerance = 1e-4;

    /// <summary>Gradients vs finite differences: |actual − expected| ≤ 1e-3 · max(|expected|, 1).</summary>
    public const double GradientTolerance = 1e-3;

    /// <summary>Asserts |actual[i] − expected[i]| ≤ tolerance · max(|expected[i]|, floor) for every i.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, double floor = 1, string what = "value")
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var bound = tolerance * Math.Max(Math.Abs(expected[i]), floor);
            var error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= bound))
            {
                throw new XunitException(
                    $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}; error {error:E3} exceeds {bound:E3} ({tolerance:E0} relative).");
            }
        }
    }
}

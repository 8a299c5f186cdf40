using Strata.IO;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>Compares weight files written by the worker.</summary>
internal static class Weights
{
    /// <summary>Every float32 tensor of a safetensors file, by name.</summary>
    public static Dictionary<string, float[]> Read(string path) =>
        SafeTensorsFile.Read(path).Tensors.Where(e => e.Value.DType == SafeTensorsDType.F32)
            .ToDictionary(e => e.Key, e => e.Value.ToSingles(), StringComparer.Ordinal);

    /// <summary>max |a − b| / max |b| over one tensor.</summary>
    public static double RelativeDifference(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        var largest = 0.0;
        var difference = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(expected[i]));
            difference = Math.Max(difference, Math.Abs((double)actual[i] - expected[i]));
        }

        return largest == 0 ? difference : difference / largest;
    }
}

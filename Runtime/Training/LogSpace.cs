namespace Strata.Training;

/// <summary>Float64 log-space arithmetic shared by the CTC loss and its decoders.</summary>
internal static class LogSpace
{
    /// <summary>log(exp(a) + exp(b)), exact for −∞ on either side.</summary>
    public static double Add(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
    }

    /// <summary>log Σ exp(row), after subtracting the row's maximum.</summary>
    public static double LogSumExp(ReadOnlySpan<float> row)
    {
        var max = double.NegativeInfinity;
        foreach (var value in row)
        {
            max = Math.Max(max, value);
        }

        var sum = 0.0;
        foreach (var value in row)
        {
            sum += Math.Exp(value - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Writes log-softmax(<paramref name="row"/>) into <paramref name="output"/>, after subtracting the row's maximum.</summary>
    public static void Softmax(ReadOnlySpan<float> row, Span<double> output)
    {
        var logSum = LogSumExp(row);
        for (var k = 0; k < row.Length; k++)
        {
            output[k] = row[k] - logSum;
        }
    }
}

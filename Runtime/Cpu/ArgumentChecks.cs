namespace Strata.Cpu;

/// <summary>Entry checks shared by the CPU kernels: a wrong length here would otherwise corrupt memory silently.</summary>
internal static class ArgumentChecks
{
    /// <summary>Throws unless <paramref name="tensor"/> holds exactly the elements of <paramref name="expectedShape"/>.</summary>
    public static void Length(Tensor tensor, string name, params int[] expectedShape)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        long expected = 1;
        foreach (var dimension in expectedShape)
        {
            expected *= dimension;
        }

        if (tensor.Length != expected)
        {
            throw new ArgumentException(
                $"'{name}' should hold [{string.Join(", ", expectedShape)}] = {expected} values, but it is [{string.Join(", ", tensor.Shape)}] = {tensor.Length} values.",
                name);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ <paramref name="minimum"/>.</summary>
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentException($"'{name}' must be ≥ {minimum}, got {value}.", name);
        }
    }

    /// <summary>Throws unless an output size is PyTorch's floor((input + 2·pad − kernel) / stride) + 1.</summary>
    public static void OutputSize(int actual, int input, int kernel, int stride, int pad, string name)
    {
        var expected = (input + 2 * pad - kernel) / stride + 1;
        if (input + 2 * pad < kernel || actual != expected)
        {
            throw new ArgumentException(
                $"'{name}' is {actual}, but floor(({input} + 2·{pad} − {kernel}) / {stride}) + 1 = {expected}.", name);
        }
    }
}

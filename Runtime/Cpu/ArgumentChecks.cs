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

    /// <summary>Throws unless every size of a convolution is in range and its output sizes are PyTorch's.</summary>
    public static void Geometry(in ConvGeometry g)
    {
        AtLeast(g.Batch, 0, nameof(g.Batch));
        AtLeast(g.InChannels, 1, nameof(g.InChannels));
        AtLeast(g.OutChannels, 1, nameof(g.OutChannels));
        AtLeast(g.KernelHeight, 1, nameof(g.KernelHeight));
        AtLeast(g.KernelWidth, 1, nameof(g.KernelWidth));
        AtLeast(g.Stride, 1, nameof(g.Stride));
        AtLeast(g.Pad, 0, nameof(g.Pad));
        AtLeast(g.Groups, 1, nameof(g.Groups));
        AtLeast(g.Dilation, 1, nameof(g.Dilation));
        if (g.InChannels % g.Groups != 0 || g.OutChannels % g.Groups != 0)
        {
            throw new ArgumentException(
                $"Groups {g.Groups} must divide both InChannels {g.InChannels} and OutChannels {g.OutChannels}.", nameof(g));
        }

        OutputSize(g.OutHeight, g.InHeight, g.SpanHeight, g.Stride, g.Pad, nameof(g.OutHeight));
        OutputSize(g.OutWidth, g.InWidth, g.SpanWidth, g.Stride, g.Pad, nameof(g.OutWidth));
    }

    /// <summary>
    /// Throws unless every size of a pooling is in range, its pad is at most half the kernel (as in PyTorch) and its
    /// output sizes are PyTorch's.
    /// </summary>
    public static void Geometry(in PoolGeometry g)
    {
        AtLeast(g.Batch, 0, nameof(g.Batch));
        AtLeast(g.Channels, 1, nameof(g.Channels));
        AtLeast(g.Kernel, 1, nameof(g.Kernel));
        AtLeast(g.Stride, 1, nameof(g.Stride));
        AtLeast(g.Pad, 0, nameof(g.Pad));
        if (2 * g.Pad > g.Kernel)
        {
            throw new ArgumentException($"Pooling pad must be at most half the kernel (as in PyTorch), got pad {g.Pad} for kernel {g.Kernel}.", nameof(g));
        }

        OutputSize(g.OutHeight, g.InHeight, g.Kernel, g.Stride, g.Pad, nameof(g.OutHeight));
        OutputSize(g.OutWidth, g.InWidth, g.Kernel, g.Stride, g.Pad, nameof(g.OutWidth));
    }
}

namespace Strata.Cpu;

/// <summary>
/// GELU as PyTorch's <c>nn.GELU()</c> (the exact form, x·Φ(x)), element by element; the counterpart of
/// <see cref="Gpu.GeluGpu"/>. Its derivative needs the input, so backward reads x, not the output.
/// </summary>
public static class GeluCpu
{
    /// <summary>y = x·Φ(x); x and y hold as many values.</summary>
    public static void Forward(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentChecks.Length(y, nameof(y), x.Shape);
        var input = x.Span;
        var output = y.Span;
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = GeluMath.Value(input[i]);
        }
    }

    /// <summary>dx = dy · (Φ(x) + x·φ(x)).</summary>
    public static void Backward(Tensor x, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentChecks.Length(dy, nameof(dy), x.Shape);
        ArgumentChecks.Length(dx, nameof(dx), x.Shape);
        var input = x.Span;
        var gradient = dy.Span;
        var result = dx.Span;
        for (var i = 0; i < input.Length; i++)
        {
            result[i] = gradient[i] * GeluMath.Derivative(input[i]);
        }
    }
}

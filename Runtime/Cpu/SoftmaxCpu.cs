namespace Strata.Cpu;

/// <summary>
/// Softmax over one axis, as PyTorch's <c>nn.Softmax(dim)</c>: the tensor is [outer, channels, inner] and each of the
/// outer·inner slices along the middle axis becomes exp(x − max) / Σ exp(x − max). A vector's features are
/// [batch, features, 1], a sequence step's [batch·steps, features, 1], an image's channels at each pixel
/// [batch, channels, height·width]. The counterpart of <see cref="Gpu.SoftmaxGpu"/>.
/// </summary>
public static class SoftmaxCpu
{
    /// <summary>y = softmax(x) along the middle axis; a NaN in a slice makes that slice NaN, as in PyTorch.</summary>
    public static void Forward(int outer, int channels, int inner, Tensor x, Tensor y)
    {
        Check(outer, channels, inner, x, y);
        var input = x.Span;
        var output = y.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var start = o * channels * inner + i;
                var max = float.NegativeInfinity;
                for (var c = 0; c < channels; c++)
                {
                    var value = input[start + c * inner];
                    max = float.IsNaN(value) || value > max ? value : max;
                }

                var sum = 0f;
                for (var c = 0; c < channels; c++)
                {
                    var e = MathF.Exp(input[start + c * inner] - max);
                    output[start + c * inner] = e;
                    sum += e;
                }

                var scale = 1f / sum;
                for (var c = 0; c < channels; c++)
                {
                    output[start + c * inner] *= scale;
                }
            }
        }
    }

    /// <summary>dx = y ⊙ (dy − Σ dy ⊙ y) along the middle axis, from the forward's output y.</summary>
    public static void Backward(int outer, int channels, int inner, Tensor y, Tensor dy, Tensor dx)
    {
        Check(outer, channels, inner, y, dy);
        ArgumentChecks.Length(dx, nameof(dx), outer, channels, inner);
        var output = y.Span;
        var gradient = dy.Span;
        var result = dx.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var start = o * channels * inner + i;
                var dot = 0f;
                for (var c = 0; c < channels; c++)
                {
                    dot += gradient[start + c * inner] * output[start + c * inner];
                }

                for (var c = 0; c < channels; c++)
                {
                    var at = start + c * inner;
                    result[at] = output[at] * (gradient[at] - dot);
                }
            }
        }
    }

    /// <summary>Checks the sizes and that both tensors hold [outer, channels, inner] values.</summary>
    internal static void Check(int outer, int channels, int inner, Tensor first, Tensor second)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outer);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inner, 1);
        ArgumentChecks.Length(first, nameof(first), outer, channels, inner);
        ArgumentChecks.Length(second, nameof(second), outer, channels, inner);
    }
}

namespace Strata.Training;

/// <summary>Gradient clipping by global norm, as PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> (L2, eps 1e-6).</summary>
public static class GradientClipping
{
    private const double Epsilon = 1e-6;

    /// <summary>
    /// Scales every gradient by maxNorm / (norm + 1e-6) when that is below 1, where norm is the L2 norm of all
    /// gradients together; returns that norm before clipping. GPU gradients make one host round trip each. Frozen
    /// parameters (<see cref="Parameter.IsFrozen"/>) are left out, of the norm and of the scaling, as PyTorch leaves out
    /// parameters without a gradient: a frozen layer's backward does not write its gradient.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!float.IsFinite(maxNorm) || maxNorm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Expected a finite value ≥ 0.");
        }

        double sumOfSquares = 0;
        foreach (var parameter in parameters)
        {
            if (!parameter.IsFrozen)
            {
                sumOfSquares += SumOfSquares(parameter.Grad);
            }
        }

        var norm = Math.Sqrt(sumOfSquares);
        var scale = maxNorm / (norm + Epsilon);

        // A non-finite norm gives a NaN scale, which PyTorch also applies (error_if_nonfinite=False).
        if (!(scale >= 1))
        {
            foreach (var parameter in parameters)
            {
                if (!parameter.IsFrozen)
                {
                    Scale(parameter.Grad, (float)scale);
                }
            }
        }

        return (float)norm;
    }

    private static double SumOfSquares(Tensor gradient)
    {
        var values = gradient.Device.IsGpu ? gradient.ToArray() : gradient.Span;
        double sum = 0;
        foreach (var value in values)
        {
            sum += (double)value * value;
        }

        return sum;
    }

    private static void Scale(Tensor gradient, float scale)
    {
        if (!gradient.Device.IsGpu)
        {
            Multiply(gradient.Span, scale);
            return;
        }

        var host = gradient.ToArray();
        Multiply(host, scale);
        gradient.CopyFrom(host);
    }

    private static void Multiply(Span<float> values, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
    }
}

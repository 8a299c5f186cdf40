using Strata.Gpu;

namespace Strata.Training;

/// <summary>Gradient clipping by global norm, as PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> (L2, eps 1e-6).</summary>
public static class GradientClipping
{
    private const double Epsilon = 1e-6;

    /// <summary>
    /// Scales every gradient by maxNorm / (norm + 1e-6) when that is below 1, where norm is the L2 norm of all
    /// gradients together; returns that norm before clipping. GPU gradients stay on the device: a group reduction per parameter into a device scalar,
    /// then a scaling kernel that reads it; only the returned norm comes back, in one transfer (see <see cref="Clip"/> for none). Frozen
    /// parameters (<see cref="Parameter.IsFrozen"/>) are left out, of the norm and of the scaling, as PyTorch leaves out
    /// parameters without a gradient: a frozen layer's backward does not write its gradient.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        if (OnGpu(parameters, maxNorm))
        {
            GradientNormGpu.Clip(parameters, maxNorm);
            return GradientNormGpu.ReadNorm(parameters);
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

    /// <summary>
    /// <see cref="ClipByGlobalNorm"/> without returning the norm, so GPU gradients are clipped with no host transfer at
    /// all: what <see cref="Trainer"/> calls each step when <see cref="Trainer.MaxGradientNorm"/> is set.
    /// </summary>
    public static void Clip(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        if (OnGpu(parameters, maxNorm))
        {
            GradientNormGpu.Clip(parameters, maxNorm);
        }
        else
        {
            ClipByGlobalNorm(parameters, maxNorm);
        }
    }

    /// <summary>Checks the arguments; true when there are parameters and they live on a GPU (then all on one, or it throws).</summary>
    private static bool OnGpu(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!float.IsFinite(maxNorm) || maxNorm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Expected a finite value ≥ 0.");
        }

        if (parameters.Count == 0 || !parameters[0].Grad.Device.IsGpu)
        {
            return false;
        }

        OptimizerParameters.Check(parameters);
        return true;
    }

    private static double SumOfSquares(Tensor gradient)
    {
        var values = gradient.Span;
        double sum = 0;
        foreach (var value in values)
        {
            sum += (double)value * value;
        }

        return sum;
    }

    private static void Scale(Tensor gradient, float scale) => Multiply(gradient.Span, scale);

    private static void Multiply(Span<float> values, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
    }
}

using System.Threading;

namespace Strata;

/// <summary>
/// A BatchNorm in evaluation folded into the convolution before it, as PyTorch's <c>fuse_conv_bn_eval</c>: one
/// convolution with W′ = W·γ/√(σ² + ε) per output channel and b′ = (b − μ)·γ/√(σ² + ε) + β computes what the two did.
/// The folded weights are kept with the <see cref="Tensor.Version"/>s of the six tensors they come from, and made
/// again when an optimiser, a load or a training forward (the running statistics) has changed one. Generated models call
/// it; it is safe for concurrent <c>Predict</c> calls.
/// </summary>
public sealed class BatchNormFolding
{
    private readonly object _gate = new();
    private Folded? _folded;

    /// <summary>The folded weight and bias of <paramref name="weight"/> and <paramref name="bias"/> (null: none) followed by <paramref name="norm"/>.</summary>
    /// <param name="weight">The convolution's weight, [out, in / groups, kh, kw].</param>
    /// <param name="bias">The convolution's bias, or null.</param>
    /// <param name="norm">The BatchNorm over the convolution's output channels.</param>
    /// <param name="eps">The BatchNorm's eps.</param>
    /// <returns>The weight and bias to convolve with, on the weight's device; valid until the next call.</returns>
    public (Tensor Weight, Tensor Bias) Fold(Parameter weight, Parameter? bias, BatchNorm norm, float eps)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(norm);
        var versions = new Versions(
            weight.Value.Version, bias?.Value.Version ?? 0, norm.Weight.Value.Version, norm.Bias.Value.Version,
            norm.Running.Mean.Value.Version, norm.Running.Variance.Value.Version);
        var folded = Volatile.Read(ref _folded);
        if (folded is null || folded.Versions != versions)
        {
            lock (_gate)
            {
                folded = _folded;
                if (folded is null || folded.Versions != versions)
                {
                    folded = Compute(weight, bias, norm, eps, versions);
                    Volatile.Write(ref _folded, folded);
                }
            }
        }

        return (folded.Weight, folded.Bias);
    }

    private static Folded Compute(Parameter weight, Parameter? bias, BatchNorm norm, float eps, Versions versions)
    {
        var w = weight.Value.ToArray();
        var b = bias?.Value.ToArray();
        var gamma = norm.Weight.Value.ToArray();
        var beta = norm.Bias.Value.ToArray();
        var mean = norm.Running.Mean.Value.ToArray();
        var variance = norm.Running.Variance.Value.ToArray();
        var channels = gamma.Length;
        if (weight.Value.Shape.Length == 0 || weight.Value.Shape[0] != channels || (b is not null && b.Length != channels))
        {
            throw new ArgumentException(
                $"{weight.Name} [{string.Join(", ", weight.Value.Shape)}] cannot fold {norm.Weight.Name} of {channels} channels: their output channels differ.",
                nameof(norm));
        }

        var perChannel = w.Length / channels;
        var folded = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / MathF.Sqrt(variance[c] + eps);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
            {
                w[i] *= scale;
            }

            folded[c] = (((b?[c]) ?? 0f) - mean[c]) * scale + beta[c];
        }

        var device = weight.Value.Device;
        return new Folded(versions, device.FromArray(w, weight.Value.Shape), device.FromArray(folded, channels));
    }

    private readonly record struct Versions(long Weight, long Bias, long Gamma, long Beta, long Mean, long Variance);

    private sealed record Folded(Versions Versions, Tensor Weight, Tensor Bias);
}

namespace Strata;

/// <summary>
/// A batch normalisation layer, as PyTorch's <c>nn.BatchNorm1d</c> / <c>nn.BatchNorm2d</c>: the parameters weight and
/// bias [channels] (initialised to 1 and 0), and its running statistics (buffers, not parameters).
/// </summary>
public sealed class BatchNorm(Parameter weight, Parameter bias, RunningStatistics running)
{
    /// <summary>The scale per channel, γ.</summary>
    public Parameter Weight { get; } = weight;

    /// <summary>The shift per channel, β.</summary>
    public Parameter Bias { get; } = bias;

    /// <summary>running_mean, running_var and num_batches_tracked.</summary>
    public RunningStatistics Running { get; } = running;

    /// <summary>The weights of the convolution before it with this layer folded in, which evaluation runs instead of the two.</summary>
    public BatchNormFolding Folding { get; } = new();
}

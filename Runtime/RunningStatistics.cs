namespace Strata;

/// <summary>
/// The running statistics of a batch normalisation over <c>features</c> channels, PyTorch's buffers: <see cref="Mean"/>
/// (<c>running_mean</c>, starting at 0), <see cref="Variance"/> (<c>running_var</c>, the unbiased variance, starting at 1)
/// and <see cref="BatchesTracked"/> (<c>num_batches_tracked</c>, an int64 scalar counting training batches). Training
/// forwards update them; evaluation normalises with them.
/// </summary>
public sealed class RunningStatistics
{
    /// <summary>Allocates the statistics of layer <paramref name="layer"/> on <paramref name="device"/>, as PyTorch initialises them.</summary>
    public RunningStatistics(Device device, string layer, int features)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Mean = ModelBuffer.Float32(device, layer + ".running_mean", 0f, features);
        Variance = ModelBuffer.Float32(device, layer + ".running_var", 1f, features);
        BatchesTracked = ModelBuffer.Int64(layer + ".num_batches_tracked");
        Buffers = Array.AsReadOnly(new[] { Mean, Variance, BatchesTracked });
    }

    /// <summary>The running mean per channel, <c>running_mean</c>.</summary>
    public ModelBuffer Mean { get; }

    /// <summary>The running unbiased variance per channel, <c>running_var</c>.</summary>
    public ModelBuffer Variance { get; }

    /// <summary>The number of training batches seen, <c>num_batches_tracked</c> (an int64 scalar).</summary>
    public ModelBuffer BatchesTracked { get; }

    /// <summary>For tests: runs on the forward's thread right after a training forward has updated these statistics.</summary>
    internal Action? Updated { get; set; }

    /// <summary>
    /// Records a training forward's update of the mean and variance, written in place by a kernel: counts the batch and
    /// advances their versions, so that what was computed from them (a BatchNorm folded into its conv) is redone.
    /// </summary>
    internal void Advanced()
    {
        BatchesTracked.Int64Values[0]++;
        Mean.Value.MarkChanged();
        Variance.Value.MarkChanged();
        Updated?.Invoke();
    }

    /// <summary>
    /// Whether the statistics are frozen (<see cref="ModelBuffer.IsFrozen"/> on all three): training forwards then
    /// normalise with them, as evaluation does, and leave them alone, as PyTorch's <c>bn.eval()</c> inside a training
    /// model; backward treats them as constants.
    /// </summary>
    public bool IsFrozen
    {
        get => Mean.IsFrozen;
        set
        {
            foreach (var buffer in Buffers)
            {
                buffer.IsFrozen = value;
            }
        }
    }

    /// <summary>The three buffers in PyTorch's state_dict order.</summary>
    public IReadOnlyList<ModelBuffer> Buffers { get; }
}

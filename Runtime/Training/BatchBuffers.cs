using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The tensors and arrays one batch size needs: the model input, the labels, the loss gradient and, for GPU models,
/// a host staging array. Allocated once per batch size and reused for every batch.
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    private readonly float[] _staging;

    public BatchBuffers(Device device, int batchSize, IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape)
    {
        Input = device.Allocate([batchSize, .. inputShape]);
        Gradient = device.Allocate([batchSize, .. outputShape]);
        Labels = new int[batchSize];
        _staging = device.IsGpu ? new float[Input.Length] : [];
    }

    public Tensor Input { get; }

    public Tensor Gradient { get; }

    public int[] Labels { get; }

    /// <summary>Where to write the batch's features: the input itself on the CPU, the staging array for a GPU.</summary>
    public Span<float> HostInput => Input.Device.IsGpu ? _staging : Input.Span;

    /// <summary>Moves the staged features to a GPU input; nothing to do on the CPU.</summary>
    public void Upload()
    {
        if (Input.Device.IsGpu)
        {
            HostTransfer.CopyFromHost(_staging, Input);
        }
    }

    public void Dispose()
    {
        Input.Dispose();
        Gradient.Dispose();
    }
}

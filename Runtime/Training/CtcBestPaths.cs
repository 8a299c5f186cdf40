using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The greedy (best-path) decoding of a whole pass, recorded batch by batch and read once at its end, so that a GPU
/// training step copies no logits to the host: each batch's per-step arg-max classes stay where the logits are (a host
/// array on the CPU, a device buffer of ints on a GPU, <see cref="CtcBestPathGpu"/>) at the batch's place in the pass;
/// <see cref="Decode"/> downloads them (one transfer on a GPU) and collapses each sequence's first input-length steps as
/// <see cref="CtcDecoding.Greedy(ReadOnlySpan{float}, int, int, int)"/> does.
/// </summary>
internal sealed class CtcBestPaths(Device device, int steps) : IDisposable
{
    private readonly CtcBestPathGpu? _gpu = device.IsGpu ? new CtcBestPathGpu(device) : null;
    private int[] _paths = [];

    /// <summary>Starts a pass of <paramref name="sequences"/> sequences: room for all their steps, reserved before its first batch.</summary>
    public void Begin(int sequences)
    {
        var length = sequences * steps;
        if (_paths.Length < length)
        {
            _paths = new int[length];
        }

        _gpu?.Reserve(length);
    }

    /// <summary>Records the best path of each sequence of <paramref name="logits"/> ([batch, steps, classes]), the pass's sequences from <paramref name="first"/> on.</summary>
    public void Add(Tensor logits, int first)
    {
        if (_gpu is not null)
        {
            _gpu.Launch(logits, first * steps);
            return;
        }

        var classes = logits.Shape[^1];
        var values = logits.Span;
        var rows = logits.Length / classes;
        for (var r = 0; r < rows; r++)
        {
            _paths[(first * steps) + r] = CtcDecoding.ArgMax(values.Slice(r * classes, classes));
        }
    }

    /// <summary>
    /// The labels read from the first <paramref name="sequences"/> sequences recorded, sequence n over its first
    /// <paramref name="lengths"/>[n] steps; on a GPU, one download of their paths.
    /// </summary>
    public int[][] Decode(int sequences, ReadOnlySpan<int> lengths, int blank)
    {
        _gpu?.Read(_paths.AsSpan(0, sequences * steps));
        var result = new int[sequences][];
        for (var n = 0; n < sequences; n++)
        {
            result[n] = CtcDecoding.Collapse(_paths.AsSpan(n * steps, lengths[n]), blank);
        }

        return result;
    }

    public void Dispose() => _gpu?.Dispose();
}

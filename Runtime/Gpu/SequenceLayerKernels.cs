using ILGPU;

namespace Strata.Gpu;

/// <summary>The element-wise kernels of sequence models on a GPU, one thread per output element.</summary>
public static class SequenceLayerKernels
{
    /// <summary>y[r, j] = table[ids[r], j].</summary>
    public static void EmbeddingForward(Index1D i, ArrayView<float> ids, ArrayView<float> table, ArrayView<float> y, int dim)
    {
        var row = i / dim;
        y[i] = table[((int)ids[row] * dim) + (i - (row * dim))];
    }

    /// <summary>dw[ids[r], j] += dy[r, j], atomically since ids repeat; dw must be cleared first.</summary>
    public static void EmbeddingBackward(Index1D i, ArrayView<float> ids, ArrayView<float> dy, ArrayView<float> dw, int dim)
    {
        var row = i / dim;
        Atomic.Add(ref dw[((int)ids[row] * dim) + (i - (row * dim))], dy[i]);
    }

    /// <summary>y[r, j] = 1 when ids[r] = j, else 0.</summary>
    public static void OneHotForward(Index1D i, ArrayView<float> ids, ArrayView<float> y, int vocab)
    {
        var row = i / vocab;
        y[i] = (int)ids[row] == i - (row * vocab) ? 1f : 0f;
    }

    /// <summary>last[n, c] = y[n, t, c] with t = lengths[n] − 1 for the forward half (c &lt; hidden) and 0 for the reverse half.</summary>
    public static void LastStepForward(Index1D i, ArrayView<float> sequence, ArrayView<float> last, ArrayView<int> lengths, int steps, int hidden, int width)
    {
        last[i] = sequence[LastStepIndex(i, lengths, steps, hidden, width)];
    }

    /// <summary>The transpose of <see cref="LastStepForward"/>: dy[n, t, c] = dLast[n, c]; dy must be cleared first.</summary>
    public static void LastStepBackward(Index1D i, ArrayView<float> dLast, ArrayView<float> dy, ArrayView<int> lengths, int steps, int hidden, int width)
    {
        dy[LastStepIndex(i, lengths, steps, hidden, width)] = dLast[i];
    }

    private static int LastStepIndex(Index1D i, ArrayView<int> lengths, int steps, int hidden, int width)
    {
        var n = i / width;
        var column = i - (n * width);
        var time = column < hidden ? lengths[n] - 1 : 0;
        return (((n * steps) + time) * width) + column;
    }
}

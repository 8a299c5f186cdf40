using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Moves recurrent inputs between batch-first time order [N, T, I] and processing order [T, N, I] (see
/// <see cref="SequenceOrder"/>), and sums gate gradients into bias gradients.
/// </summary>
internal static class SequenceKernels
{
    /// <summary>gathered[s, n, i] = x[n, time(n, s), i]; one thread per element.</summary>
    public static void Gather(Index1D index, ArrayView<float> x, ArrayView<float> gathered, ArrayView<int> lengths, int batch, int steps, int width, int reverse)
    {
        var (step, n, i) = Split(index, batch, width);
        var time = SequenceOrder.TimeOf(step, lengths[n], reverse != 0);
        gathered[index] = x[(n * steps + time) * width + i];
    }

    /// <summary>dx[n, time(n, s), i] (+)= dInput[s, n, i]; one thread per element, each writing its own dx entry.</summary>
    public static void Scatter(Index1D index, ArrayView<float> dInput, ArrayView<float> dx, ArrayView<int> lengths, int batch, int steps, int width, int reverse, int accumulate)
    {
        var (step, n, i) = Split(index, batch, width);
        var time = SequenceOrder.TimeOf(step, lengths[n], reverse != 0);
        var target = (n * steps + time) * width + i;
        dx[target] = accumulate != 0 ? dx[target] + dInput[index] : dInput[index];
    }

    /// <summary>sums[column] = Σ_row matrix[row, column]; one thread per column.</summary>
    public static void SumRows(Index1D column, ArrayView<float> matrix, ArrayView<float> sums, int rows, int columns)
    {
        var sum = 0f;
        for (var row = 0; row < rows; row++)
        {
            sum += matrix[row * columns + column];
        }

        sums[column] = sum;
    }

    private static (int Step, int Sequence, int Column) Split(int index, int batch, int width)
    {
        var column = index % width;
        var row = index / width;
        return (row / batch, row % batch, column);
    }
}

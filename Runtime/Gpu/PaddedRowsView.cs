using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// <see cref="PaddedRows"/> as a kernel argument: each sequence's length on the device, or <see cref="Steps"/> 0 when every
/// row is valid (then <see cref="Lengths"/> is an unused one-element view).
/// </summary>
internal readonly struct PaddedRowsView
{
    public PaddedRowsView(ArrayView<int> lengths, int steps)
    {
        Lengths = lengths;
        Steps = steps;
    }

    public ArrayView<int> Lengths { get; }

    public int Steps { get; }

    /// <summary>Whether row n·steps + t lies past its sequence's length.</summary>
    public bool IsPadding(int row) => Steps > 0 && row % Steps >= Lengths[row / Steps];
}

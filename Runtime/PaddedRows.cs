namespace Strata;

/// <summary>
/// Which rows of a sequence tensor laid out as [batch · steps, features] are padding: row n·steps + t is padding when
/// t ≥ lengths[n]. <see cref="None"/> (no lengths) means every row is valid, as for images, vectors and sequences made
/// from an image. Kernels that compute statistics over rows (BatchNorm over sequence steps) skip padding rows, as
/// PyTorch's packed sequences do.
/// </summary>
public readonly struct PaddedRows
{
    /// <param name="steps">The steps of each sequence (the tensor's rows are batch · steps).</param>
    /// <param name="lengths">Each sequence's valid length, 1..steps; null when every step is valid.</param>
    public PaddedRows(int steps, int[]? lengths)
    {
        Steps = steps;
        Lengths = lengths;
    }

    /// <summary>Every row valid.</summary>
    public static PaddedRows None => default;

    /// <summary>The steps of each sequence.</summary>
    public int Steps { get; }

    /// <summary>Each sequence's valid length; null when every step is valid.</summary>
    public int[]? Lengths { get; }

    /// <summary>Whether row <paramref name="row"/> lies past its sequence's length.</summary>
    public bool IsPadding(int row) => Lengths is { } lengths && row % Steps >= lengths[row / Steps];

    /// <summary>The valid rows among <paramref name="rows"/>; throws when the lengths do not describe them.</summary>
    public int ValidRows(int rows)
    {
        if (Lengths is not { } lengths)
        {
            return rows;
        }

        if (Steps < 1 || lengths.Length * Steps != rows)
        {
            throw new ArgumentException($"{lengths.Length} lengths of {Steps} steps describe {lengths.Length * Steps} rows, not {rows}.", "padded");
        }

        var valid = 0;
        foreach (var length in lengths)
        {
            if (length < 1 || length > Steps)
            {
                throw new ArgumentException($"Each length must be in 1..{Steps}, got {length}.", "padded");
            }

            valid += length;
        }

        return valid;
    }
}

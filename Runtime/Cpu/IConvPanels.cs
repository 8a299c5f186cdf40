namespace Strata.Cpu;

/// <summary>
/// The B operand of <see cref="ConvGemm"/>: a batch's convolution columns, never stored whole, packed a few columns at
/// a time into the micro-kernel's panels. Column j is one output position of one sample; which, and in what order the
/// depth runs, the operand decides.
/// </summary>
internal unsafe interface IConvPanels
{
    /// <summary>The most depth ranges <see cref="Ranges"/> returns.</summary>
    const int MaxRanges = 8;

    /// <summary>Whether column j is position j / N of sample j % N (the samples innermost); otherwise sample j / P, position j % P.</summary>
    static abstract bool SamplesInner { get; }

    /// <summary>The rows of B: the values one output position reads.</summary>
    int Depth { get; }

    /// <summary>Output positions per sample.</summary>
    int Positions { get; }

    /// <summary>
    /// Writes columns [first, first + count) of B into <paramref name="panel"/> as the micro-kernel reads it: for each
    /// k, <paramref name="width"/> floats, the columns side by side, zero past <paramref name="count"/>. Rows outside
    /// <see cref="Ranges"/> may be left unwritten: they are never read.
    /// </summary>
    void Pack(long first, int count, int width, float* panel);

    /// <summary>
    /// The depth ranges [start, end) in which those columns' rows may be non-zero, ascending, as pairs into
    /// <paramref name="ranges"/>; returns how many (at most <see cref="MaxRanges"/>). The product skips the rest.
    /// </summary>
    int Ranges(long first, int count, int* ranges);
}

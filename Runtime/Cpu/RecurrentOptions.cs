namespace Strata.Cpu;

/// <summary>How one direction of a recurrent layer walks its sequences and where it writes its output.</summary>
public sealed record RecurrentOptions
{
    /// <summary>Walks time backwards: each sequence from its own last valid step down to step 0.</summary>
    public bool Reverse { get; init; }

    /// <summary>
    /// The valid length of each sequence (1..Steps), or null when all are full. Steps at or past a sequence's length
    /// leave its state alone and produce zeros, as PyTorch's packed sequences do.
    /// </summary>
    public int[]? Lengths { get; init; }

    /// <summary>The width of a row of y (and dy): D·H for D directions; 0 means Hidden.</summary>
    public int OutputWidth { get; init; }

    /// <summary>The first column of y this direction writes: 0 for forward, H for the reverse half of a bidirectional layer.</summary>
    public int OutputOffset { get; init; }

    /// <summary>Full-length sequences, forwards, output [N, T, H].</summary>
    public static RecurrentOptions Default { get; } = new();
}

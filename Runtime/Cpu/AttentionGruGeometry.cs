namespace Strata.Cpu;

/// <summary>
/// The sizes of an attention-GRU decoder (d2l's <c>Seq2SeqAttentionDecoder</c>): the target x is [Batch, TargetSteps,
/// InputSize], the memory (the encoder's outputs, keys and values at once) is [Batch, SourceSteps, MemoryWidth], the
/// state is [Batch, Hidden] and the additive attention projects queries and keys to AttentionHidden features.
/// </summary>
public readonly record struct AttentionGruGeometry(
    int Batch, int TargetSteps, int SourceSteps, int InputSize, int MemoryWidth, int Hidden, int AttentionHidden)
{
    /// <summary>The GRU cell's input width: the context (MemoryWidth) then the target token's features (InputSize).</summary>
    public int CellInput => MemoryWidth + InputSize;

    /// <summary>Throws unless every size is positive.</summary>
    internal void Check()
    {
        if (Batch <= 0 || TargetSteps <= 0 || SourceSteps <= 0 || InputSize <= 0 || MemoryWidth <= 0 || Hidden <= 0 || AttentionHidden <= 0)
        {
            throw new ArgumentException($"Every attention-GRU size must be positive, got {this}.");
        }
    }
}

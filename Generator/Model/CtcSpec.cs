namespace Strata.Generator.Model
{
    /// <summary>The model's <c>[Ctc(maxLabelLength)]</c>: the longest label sequence CTC reads from its output, and where it is written.</summary>
    internal sealed record CtcSpec(LayerArgument MaxLabelLength, SourceLocation Location);
}

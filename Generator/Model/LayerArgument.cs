namespace Strata.Generator.Model
{
    /// <summary>
    /// One integer hyperparameter of a layer attribute and where a diagnostic about it should point: the argument
    /// when it was written, the attribute when the default applies.
    /// </summary>
    internal sealed record LayerArgument(int Value, SourceLocation Location, bool IsExplicit);
}

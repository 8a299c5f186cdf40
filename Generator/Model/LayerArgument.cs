namespace Strata.Generator.Model
{
    /// <summary>
    /// One integer hyperparameter of a layer attribute and where a diagnostic about it should point: the argument
    /// when it was written, the attribute when the default applies. Inside a block it may be an
    /// <see cref="Model.Expression"/> of the block's parameters, whose <see cref="Value"/> each use fills in.
    /// </summary>
    internal sealed record LayerArgument(int Value, SourceLocation Location, bool IsExplicit, Expression? Expression = null);
}

namespace Strata.Generator.Model
{
    /// <summary>
    /// One floating-point hyperparameter of a layer attribute, such as Dropout's p, and where a diagnostic about it
    /// should point: the argument when it was written, the attribute when the default applies.
    /// </summary>
    internal sealed record RealArgument(double Value, SourceLocation Location, bool IsExplicit);
}

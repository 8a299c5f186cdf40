namespace Strata;

/// <summary>A concatenation of earlier layers' outputs over channels or features; it has no parameters.</summary>
public sealed class Concat
{
}

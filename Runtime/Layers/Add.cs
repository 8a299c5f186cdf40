namespace Strata;

/// <summary>An element-wise sum of two earlier layers' outputs; it has no parameters.</summary>
public sealed class Add
{
}

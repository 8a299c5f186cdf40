namespace Strata;

/// <summary>A standalone flatten; it has no parameters and copies nothing.</summary>
public sealed class Flatten
{
}

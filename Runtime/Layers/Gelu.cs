namespace Strata;

/// <summary>A GELU activation layer; it has no parameters.</summary>
public sealed class Gelu
{
}

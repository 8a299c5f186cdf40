namespace Strata;

/// <summary>A pooling layer; it has no parameters.</summary>
public sealed class Pool2d
{
}

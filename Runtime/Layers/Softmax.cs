namespace Strata;

/// <summary>A softmax over features or channels; it has no parameters.</summary>
public sealed class Softmax
{
}

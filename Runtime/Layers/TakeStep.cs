namespace Strata;

/// <summary>One step of every sequence as a vector; no parameters.</summary>
public sealed class TakeStep
{
}

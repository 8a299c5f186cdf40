namespace Strata;

/// <summary>Sinusoidal positions added to a sequence; no parameters.</summary>
public sealed class PositionalEncoding
{
}

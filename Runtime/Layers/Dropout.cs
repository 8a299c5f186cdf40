namespace Strata;

/// <summary>A dropout layer; it has no parameters, only its probability.</summary>
public sealed class Dropout(float p)
{
    /// <summary>The probability of zeroing an element in training mode.</summary>
    public float P { get; } = p;
}

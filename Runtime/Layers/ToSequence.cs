namespace Strata;

/// <summary>The bridge from an image [C, H, W] to a sequence of its columns or pixels; it has no parameters.</summary>
public sealed class ToSequence
{
}

namespace Strata;

/// <summary>A global average pooling layer, [C, H, W] → [C]; it has no parameters.</summary>
public sealed class GlobalAvgPool
{
}

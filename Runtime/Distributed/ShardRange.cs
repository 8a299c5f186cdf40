namespace Strata.Distributed;

/// <summary>The part of a global batch one rank trains on: <see cref="Count"/> samples from <see cref="Offset"/>.</summary>
/// <param name="Offset">The first sample's position in the global batch.</param>
/// <param name="Count">How many samples; 0 when the batch has fewer samples than there are ranks.</param>
public readonly record struct ShardRange(int Offset, int Count);

namespace Strata.Distributed;

/// <summary>
/// One event of an overlapped gradient reduction (<see cref="DataParallel.Events"/>), for timelines and tests:
/// <paramref name="Sequence"/> numbers the events of one <see cref="OverlappedReduction"/> in the order they happened,
/// across its two threads.
/// </summary>
public readonly record struct GradientEvent(GradientEventKind Kind, int Index, long Sequence);

namespace Strata.Runtime.Tests.Allocation;

/// <summary>
/// The allocation tests count the bytes of Strata's CPU workers, which every test shares, so they run alone, after the
/// tests that run in parallel: another test's kernels meanwhile would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation counted on all threads";
}

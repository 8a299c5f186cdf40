namespace Strata.Cpu;

/// <summary>
/// The body of a <see cref="CpuParallel.For{TBody}"/> loop: a struct holding what the iterations need (pointers,
/// arrays, sizes), so a parallel loop allocates no closure.
/// </summary>
internal interface IParallelBody
{
    /// <summary>Runs iteration <paramref name="index"/>; iterations may run at the same time on different threads.</summary>
    void Run(int index);
}

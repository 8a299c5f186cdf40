namespace Strata.Cpu;

/// <summary>Work done as a sequence of phases, each a set of independent items; <see cref="PhasedWorkers"/> runs it.</summary>
internal interface IPhasedWork
{
    /// <summary>The number of phases.</summary>
    int Phases { get; }

    /// <summary>The number of items in <paramref name="phase"/>.</summary>
    int Items(int phase);

    /// <summary>
    /// Runs one item. Items of one phase may run at the same time on different threads; every item of the phases
    /// before has finished.
    /// </summary>
    void Run(int phase, int item);
}

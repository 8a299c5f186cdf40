using System;

namespace Strata
{
    /// <summary>
    /// The mean of every sequence over its valid steps, [T, d] → [d]: padded steps (past a sequence's length) count for
    /// nothing, as a masked mean pooling before a classifier head:
    /// <c>[MeanOverSteps] public partial MeanOverSteps Pool { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class MeanOverStepsAttribute : LayerAttribute
    {
    }
}

using System;

namespace Strata
{
    /// <summary>The activation 1 / (1 + exp(−x)), fused into the layer on the same property.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class SigmoidAttribute : ActivationAttribute
    {
    }
}

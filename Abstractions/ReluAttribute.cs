using System;

namespace Strata
{
    /// <summary>The activation max(x, 0), fused into the layer on the same property.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class ReluAttribute : ActivationAttribute
    {
    }
}

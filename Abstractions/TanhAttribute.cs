using System;

namespace Strata
{
    /// <summary>The activation tanh(x), fused into the layer on the same property.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class TanhAttribute : ActivationAttribute
    {
    }
}

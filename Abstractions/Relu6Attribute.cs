using System;

namespace Strata
{
    /// <summary>The activation min(max(x, 0), 6), fused into the layer on the same property.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class Relu6Attribute : ActivationAttribute
    {
    }
}

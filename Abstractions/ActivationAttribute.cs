using System;

namespace Strata
{
    /// <summary>
    /// Base class of the activation attributes. An activation sits on the same property as its layer and is fused
    /// into that layer's epilogue, e.g. <c>[Conv(6, 5), Relu]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public abstract class ActivationAttribute : Attribute
    {
    }
}

using System;

namespace Strata
{
    /// <summary>Base class of the attributes that declare a layer on a partial property.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public abstract class LayerAttribute : Attribute
    {
    }
}

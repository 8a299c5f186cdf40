using System;

namespace Strata
{
    /// <summary>
    /// Flattens each sample to a vector. It may stand alone or precede a <see cref="DenseAttribute"/> on the same
    /// property: <c>[Flatten, Dense(120)]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class FlattenAttribute : LayerAttribute
    {
    }
}

using System;

namespace Strata
{
    /// <summary>
    /// Marks a partial class as a Strata model. The source generator reads its layer properties in declaration order,
    /// checks every shape at build time and emits the forward and backward code.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ModelAttribute : Attribute
    {
    }
}

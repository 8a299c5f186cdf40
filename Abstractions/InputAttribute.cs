using System;

namespace Strata
{
    /// <summary>
    /// The per-sample input shape of a model, for example <c>[Input(1, 28, 28)]</c> for channels, height and width.
    /// The batch dimension is implicit and dynamic.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares the per-sample input shape.</summary>
        public InputAttribute(params int[] shape) => Shape = shape;

        /// <summary>The per-sample shape, without the batch dimension.</summary>
        public int[] Shape { get; }
    }
}

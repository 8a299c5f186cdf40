using System;

namespace Strata
{
    /// <summary>
    /// The Transformer paper's sinusoidal positions added to a sequence [T, d] → [T, d], as d2l's
    /// <c>PositionalEncoding</c> without its dropout (put a <c>[Dropout]</c> after it): PE(t, 2i) = sin(t / 10000^(2i/d)),
    /// PE(t, 2i + 1) = cos(t / 10000^(2i/d)). No parameters:
    /// <c>[PositionalEncoding] public partial PositionalEncoding Positions { get; }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class PositionalEncodingAttribute : LayerAttribute
    {
    }
}

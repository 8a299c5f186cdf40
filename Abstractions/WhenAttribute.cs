using System;

namespace Strata
{
    /// <summary>
    /// Keeps a layer of a <see cref="BlockAttribute">[Block]</see> only in the uses where a condition on the block's
    /// parameters holds: <c>[From(Graph.Input), When(nameof(use1x1Conv)), Conv(nameof(numChannels), 1)]</c>. Where the
    /// condition is false the layer is absent and passes its input through, so a layer that names it (an Add) reads
    /// that input instead: ResNet's identity shortcut. Its property then throws when read.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class WhenAttribute : Attribute
    {
        /// <summary>Keeps the layer where <paramref name="condition"/> is true.</summary>
        /// <param name="condition">A bool parameter's name (<c>nameof(flag)</c>) or an expression, e.g. <c>"strides == 1 &amp;&amp; inChannels == outChannels"</c>.</param>
        public WhenAttribute(string condition)
        {
            Condition = condition;
        }

        /// <summary>The condition.</summary>
        public string Condition { get; }
    }
}

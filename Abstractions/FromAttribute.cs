using System;

namespace Strata
{
    /// <summary>
    /// Makes a layer read an earlier layer, or the model's input, instead of the layer declared just before it: a
    /// branch, as an Inception block's parallel paths or a ResNet shortcut's 1×1 conv.
    /// <c>[From(nameof(Pool1)), Conv(32, 1)] public partial Conv2d Branch2 { get; }</c> reads Pool1's output;
    /// <c>[From(Graph.Input), ...]</c> reads the input. Write the name with <c>nameof</c>, so the compiler checks it.
    /// A layer read by several others gets the sum of their gradients.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class FromAttribute : Attribute
    {
        /// <summary>Reads the output of the layer named <paramref name="layer"/>, or the input for <see cref="Graph.Input"/>.</summary>
        /// <param name="layer">An earlier layer property, e.g. <c>nameof(Pool1)</c>, or <see cref="Graph.Input"/>.</param>
        public FromAttribute(string layer)
        {
            Layer = layer;
        }

        /// <summary>The layer read.</summary>
        public string Layer { get; }
    }
}

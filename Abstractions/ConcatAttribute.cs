using System;

namespace Strata
{
    /// <summary>
    /// Concatenates the outputs of earlier layers (or the input, <see cref="Graph.Input"/>), in the order named: over
    /// channels for images ([C₁, H, W] and [C₂, H, W] give [C₁ + C₂, H, W], as an Inception block or a DenseNet layer
    /// joins its branches), over features for vectors and for each step of a sequence; with
    /// <c>Axis = ConcatAxis.Steps</c>, over the steps of sequences of fixed step counts.
    /// <c>[Concat(nameof(B1), nameof(B2), nameof(B3))] public partial Concat Joined { get; }</c>. Every other dimension
    /// must agree. Write the names with <c>nameof</c>, so the compiler checks them.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class ConcatAttribute : LayerAttribute
    {
        /// <summary>Concatenates the outputs of the layers named, at least two, in that order.</summary>
        /// <param name="layers">Earlier layer properties, e.g. <c>nameof(B1), nameof(B2)</c>.</param>
        public ConcatAttribute(params string[] layers)
        {
            Layers = layers;
        }

        /// <summary>The layers concatenated, in order.</summary>
        public string[] Layers { get; }

        /// <summary>The dimension joined: <see cref="ConcatAxis.Features"/> (the default) or <see cref="ConcatAxis.Steps"/>.</summary>
        public ConcatAxis Axis { get; set; }
    }
}

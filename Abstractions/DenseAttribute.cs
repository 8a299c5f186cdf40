using System;

namespace Strata
{
    /// <summary>A fully connected layer, as PyTorch's <c>nn.Linear(in, units, bias)</c>; the input size is inferred.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class DenseAttribute : LayerAttribute
    {
        /// <summary>Declares a dense layer with <paramref name="units"/> outputs.</summary>
        public DenseAttribute(int units, bool bias = true)
        {
            Units = units;
            Bias = bias;
        }

        /// <summary>The number of outputs.</summary>
        public int Units { get; }

        /// <summary>
        /// Declares a fully connected layer inside a <see cref="BlockAttribute">[Block]</see> whose width is computed
        /// from the block's parameters: <c>[Dense(nameof(hidden))]</c> or <c>[Dense("hidden * 4")]</c>.
        /// </summary>
        public DenseAttribute(string units, bool bias = true)
            : this(0, bias)
        {
            UnitsFrom = units;
        }

        /// <summary>The expression that gives the units inside a block, or null.</summary>
        public string? UnitsFrom { get; }

        /// <summary>Whether the layer adds a learned bias per output.</summary>
        public bool Bias { get; }
    }
}

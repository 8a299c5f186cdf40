using System.Globalization;
using System.Linq;

namespace Strata.Generator.Model
{
    /// <summary>A per-sample tensor shape (no batch dimension), e.g. [6, 28, 28].</summary>
    internal sealed record Shape(EquatableArray<int> Dimensions)
    {
        public static Shape Of(params int[] dimensions) => new(dimensions.ToEquatableArray());

        public int Rank => Dimensions.Count;

        public int this[int axis] => Dimensions[axis];

        /// <summary>The element count; shape rules only build shapes whose count fits an int.</summary>
        public int Elements => Dimensions.Aggregate(1, (product, dimension) => checked(product * dimension));

        public override string ToString() => "[" + string.Join(", ", Dimensions) + "]";

        /// <summary>The shape with a leading batch dimension, as the runtime tensors see it: [batch, 6, 28, 28].</summary>
        public string ToBatchString(string batch) =>
            "[" + string.Join(", ", new[] { batch }.Concat(Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)))) + "]";
    }
}
